import { Command, InvalidArgumentError } from 'commander';
import { startMetronomeSandbox } from '../metronome/sandbox/index.ts';
import { untilStopped } from './signals.ts';

function integer(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be an integer.`);
    return n;
  };
}

/** `nome metronome-sandbox start`: a local Metronome for tests, demos and `npm start`. */
export function metronomeSandboxCommand(): Command {
  const group = new Command('metronome-sandbox').description('A local Metronome API with generated, deterministic data.');
  group
    .command('start')
    .description('Serve the sandbox on 127.0.0.1 until interrupted (SIGINT/SIGTERM).')
    .option('--port <port>', 'port to listen on (0 = any free port)', integer('port'), 0)
    .option('--customers <n>', 'number of customers, 10 to 100000', integer('customers'), 50)
    .option('--seed <n>', 'seed of the generated data', integer('seed'), 1)
    .option('--bearer-token <token>', 'token clients must send (default: a random one, printed)')
    .option('--order <order>', 'natural or shuffled (same data, other order)', 'natural')
    .option('--json', 'print one JSON line with baseURL and bearerToken')
    .action(async (options: { port: number; customers: number; seed: number; bearerToken?: string; order: string; json?: boolean }) => {
      if (options.order !== 'natural' && options.order !== 'shuffled') throw new InvalidArgumentError('--order must be natural or shuffled.');
      const sandbox = await startMetronomeSandbox({ port: options.port, customers: options.customers, seed: options.seed, bearerToken: options.bearerToken, order: options.order });
      const info = { baseURL: sandbox.baseURL, bearerToken: sandbox.bearerToken, customers: options.customers, seed: options.seed, order: options.order };
      if (options.json) process.stdout.write(`${JSON.stringify(info)}\n`);
      else {
        process.stdout.write(`Metronome sandbox on ${sandbox.baseURL} (${options.customers} customers, seed ${options.seed}).\n`);
        process.stdout.write(`  METRONOME_BASE_URL=${sandbox.baseURL} METRONOME_BEARER_TOKEN=${sandbox.bearerToken}\n  Ctrl-C to stop.\n`);
      }
      await untilStopped();
      await sandbox.stop();
    });
  return group;
}
