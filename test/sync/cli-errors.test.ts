/**
 * Issue 14 finding 7: errors a user can act on, and no trace left by invalid inputs. Run as a user runs the CLI
 * (a separate `nome` process).
 */
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyncConfig } from '../support/sync-config.ts';
import { ROOT, runNome, spawnNome } from '../support/nome-process.ts';
import { CATALOG, startCraftedWorld, wellFormedCustomer, type CraftedWorld } from './proof/crafted-world.ts';

async function nome(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; ms: number }> {
  const { code, stdout, stderr, ms } = await runNome(args, { env: { NOME_LOG_LEVEL: '', ...env } });
  return { code, out: stdout + stderr, ms };
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('sync errors a user can act on', () => {
  let world: CraftedWorld;
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    world = await startCraftedWorld({ ...CATALOG, customers: [wellFormedCustomer(1)] });
    stateDir = mkdtempSync(path.join(tmpdir(), 'nome-cli-errors-'));
    env = { ...world.env, NOME_STATE_DIR: stateDir };
  });
  afterAll(async () => world?.stop());

  it('--instance-url not-a-url names the flag and the value, and writes nothing', async () => {
    const result = await nome(['sync', 'run', '--instance-url', 'not-a-url', '--json'], env);
    expect(result.code).toBe(1);
    expect(result.out).toContain('--instance-url');
    expect(result.out).toContain('not-a-url');
    expect(result.out).not.toContain('TypeError');
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('a missing Metronome token says so and creates no state file', async () => {
    const result = await nome(['sync', 'run', '--instance-url', world.org.instanceUrl, '--json'], {
      ...env,
      METRONOME_BEARER_TOKEN: '',
    });
    expect(result.code).toBe(1);
    expect(result.out).toContain('METRONOME_BEARER_TOKEN');
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('an unreachable org fails fast, naming its URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await nome(['sync', 'run', '--instance-url', url, '--json'], env);
    expect(result.code).toBe(1);
    expect(result.out).toContain(url);
    expect(result.out).toMatch(/Cannot reach the Salesforce org/);
    // Before: ~110 s of retries inside retries. The bound leaves room for a loaded machine's process start.
    expect(result.ms).toBeLessThan(30_000);
  });

  it('Metronome unreachable names the service and the URL and says what to check', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const config = path.join(stateDir, '..', `${path.basename(stateDir)}.config.json`);
    writeFileSync(
      config,
      JSON.stringify({
        environments: { down: { instanceUrl: world.org.instanceUrl, options: { metronomeMaxRetries: 0 } } },
      }),
    );
    const result = await nome(['sync', 'run', '--env', 'down', '--config', config, '--json'], {
      ...env,
      METRONOME_BASE_URL: url,
    });
    expect(result.code).toBe(1);
    expect(result.out).toContain(`Cannot reach Metronome at ${url}`);
    expect(result.out).toContain('METRONOME_BASE_URL');
  });

  it('NOME_LOG_LEVEL is honoured by nome sync run, and the state file is readable by its owner only', async () => {
    const result = await nome(['sync', 'run', '--instance-url', world.org.instanceUrl, '--json'], {
      ...env,
      NOME_LOG_LEVEL: 'debug',
    });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/"level":20/);
    const host = new URL(world.org.instanceUrl).host.replace(/[^A-Za-z0-9_.-]/g, '_');
    const files = readdirSync(stateDir).filter((f) => f.startsWith(`instance_${host}.sqlite`));
    expect(files).toContain(`instance_${host}.sqlite`);
    for (const f of files) expect((statSync(path.join(stateDir, f)).mode & 0o777).toString(8), f).toBe('600');
    expect(existsSync(path.join(ROOT, '.nome/state/instance_127.0.0.1.sqlite'))).toBe(false);
  });

  it('NOME_LOG_LEVEL is honoured by nome sync schedule too (its own default is info)', async () => {
    const config = writeSyncConfig(mkdtempSync(path.join(tmpdir(), 'nome-cli-schedule-')), {
      nightly: { instanceUrl: world.org.instanceUrl },
    });
    const scheduled = async (level: string) => {
      const child = spawnNome(['sync', 'schedule', '--config', config, '--json'], {
        env: { ...env, NOME_LOG_LEVEL: level },
      });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      // The ready line on stdout: the schedule is set and its "scheduled" log line (info) written or not.
      await once(child.stdout!, 'data');
      child.kill('SIGTERM');
      await once(child, 'exit');
      return stderr;
    };
    expect(await scheduled('')).toMatch(/"level":30.*"msg":"scheduled"/);
    expect(await scheduled('warn')).not.toMatch(/"level":30/);
  });
});
