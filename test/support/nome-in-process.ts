/**
 * `nome <args>` run in this process with `env` set on top of its environment for the length of the command: what
 * runNome (nome-process.ts) answers, without a Node start and a second load of the modules. For tests about what a
 * command does and prints, not about the process (exit on a signal, what a fresh process loads).
 */
import { nome } from '../org/support/harness.ts';

export async function runNomeInProcess(
  args: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  // Set on process.env itself, not a copy: libuv (os.homedir(), child processes) reads the real environment.
  const saved = new Map(Object.keys(options.env ?? {}).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    const run = await nome(...args);
    return { code: run.exitCode, stdout: run.stdout, stderr: run.stderr, ms: Date.now() - started };
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
