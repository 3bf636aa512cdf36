/** A command loads only its own group's code: `nome sync …` never loads the packaging, deploy or local-org code. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** The modules `nome <args>` loaded (URLs), whatever its exit code. */
async function modulesLoadedBy(...args: string[]): Promise<string[]> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'nome-modules-')), 'modules.txt');
  const preload = path.join(import.meta.dirname, 'support', 'record-modules.ts');
  await run(process.execPath, ['--import', preload, path.join(ROOT, 'scripts/nome.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, NOME_RECORD_MODULES: file },
  }).catch(() => undefined);
  return readFileSync(file, 'utf8').split('\n');
}

const fromScripts = (modules: string[], folder: string) => modules.filter((m) => m.includes(`/scripts/${folder}/`));
const fromPackage = (modules: string[], name: string) => modules.filter((m) => m.includes(`/node_modules/${name}/`));

describe('lazy loading', () => {
  test('nome --help lists every group without loading any', async () => {
    const modules = await modulesLoadedBy('--help');
    expect(modules.some((m) => m.endsWith('/scripts/cli/main.ts'))).toBe(true);
    for (const group of ['sync', 'org', 'package', 'metadata', 'local-org', 'metronome-sandbox']) {
      expect(
        modules.filter((m) => m.endsWith(`/scripts/cli/${group}.ts`)),
        group,
      ).toEqual([]);
    }
  });

  test('nome sync run loads the sync, not the packaging, deploy or local-org code', async () => {
    // No target: the command fails after its group and the sync's code are loaded, before any network.
    const modules = await modulesLoadedBy('sync', 'run', '--json');
    expect(fromScripts(modules, 'sync').length).toBeGreaterThan(0);
    expect(fromScripts(modules, 'org')).toEqual([]);
    expect(fromScripts(modules, 'packaging')).toEqual([]);
    expect(fromScripts(modules, 'local-org')).toEqual([]);
    expect(fromPackage(modules, '@salesforce/packaging')).toEqual([]);
    expect(fromPackage(modules, '@salesforce/source-deploy-retrieve')).toEqual([]);
  });

  test('nome package version links loads no sync or local-org code', async () => {
    const modules = await modulesLoadedBy('package', 'version', 'links', '--json');
    expect(fromScripts(modules, 'packaging').length).toBeGreaterThan(0);
    expect(fromScripts(modules, 'sync')).toEqual([]);
    expect(fromScripts(modules, 'local-org')).toEqual([]);
  });
});
