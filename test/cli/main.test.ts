import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_DIR } from '../../scripts/metadata/index.ts';

const run = promisify(execFile);
const nome = (...args: string[]) =>
  run(process.execPath, [path.join(PROJECT_DIR, 'scripts/nome.js'), ...args]).then(
    (ok) => ({ ...ok, code: 0 }),
    (failed: { stdout: string; stderr: string; code: number }) => failed,
  );

describe('nome usage errors', () => {
  it('with --json, a bad flag value in a command group is one JSON document naming the flag', async () => {
    const { code, stdout, stderr } = await nome('sync', 'run', '--bulk-threshold', 'ten', '--json');
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toMatchObject({
      status: 1,
      name: 'InvalidArgumentsError',
      message: expect.stringContaining('--bulk-threshold'),
    });
  });

  it('without --json, it is a plain message on stderr and nothing on stdout', async () => {
    const { code, stdout, stderr } = await nome('metadata', 'lint', '--bogus');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/unknown option '--bogus'/);
  });
});
