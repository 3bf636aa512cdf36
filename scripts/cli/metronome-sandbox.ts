import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { normalizeAccountIds, startMetronomeSandbox } from '../metronome/sandbox/index.ts';
import { CommandError } from './output.ts';
import { untilStopped } from './signals.ts';

function integer(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be an integer.`);
    return n;
  };
}

/**
 * The IDs in an --account-ids-file: a JSON array of strings, or IDs separated by newlines, commas or whitespace
 * (`#` starts a comment; a leading `Id` header, as in `sf data query --result-format csv`, is skipped).
 */
export function parseAccountIdList(text: string): string[] {
  if (text.trimStart().startsWith('[')) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) throw new Error('a JSON account ID file must hold an array of strings');
    return parsed;
  }
  const ids = text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, ''))
    .flatMap((line) => line.split(/[\s,;"]+/))
    .filter((token) => token.length > 0);
  return ids[0]?.toLowerCase() === 'id' ? ids.slice(1) : ids;
}

function readAccountIds(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CommandError(`--account-ids-file: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const ids = parseAccountIdList(text);
    normalizeAccountIds(ids);
    return ids;
  } catch (error) {
    throw new CommandError(`--account-ids-file ${file}: ${(error as Error).message}`);
  }
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
    .option('--account-ids-file <file>', 'Salesforce Account IDs for the customers to link to (one per line, or a JSON array); default: invented IDs')
    .option('--json', 'print one JSON line with baseURL and bearerToken')
    .action(async (options: { port: number; customers: number; seed: number; bearerToken?: string; order: string; accountIdsFile?: string; json?: boolean }) => {
      if (options.order !== 'natural' && options.order !== 'shuffled') throw new CommandError('--order must be natural or shuffled.');
      const accountIds = options.accountIdsFile === undefined ? undefined : readAccountIds(options.accountIdsFile);
      const sandbox = await startMetronomeSandbox({ port: options.port, customers: options.customers, seed: options.seed, bearerToken: options.bearerToken, order: options.order, accountIds });
      const accounts = { accountSlots: sandbox.accountSlots(), accountIdCount: accountIds?.length ?? 0 };
      const info = { baseURL: sandbox.baseURL, bearerToken: sandbox.bearerToken, customers: options.customers, seed: options.seed, order: options.order, ...accounts };
      if (options.json) process.stdout.write(`${JSON.stringify(info)}\n`);
      else {
        process.stdout.write(`Metronome sandbox on ${sandbox.baseURL} (${options.customers} customers, seed ${options.seed}).\n`);
        process.stdout.write(
          accountIds
            ? `  Customers link to the ${accountIds.length} account IDs of ${options.accountIdsFile}, for ${accounts.accountSlots} account slots${accountIds.length < accounts.accountSlots ? ', IDs reused round-robin' : ''}.\n`
            : `  Customers link to invented account IDs: pass --account-ids-file with ${accounts.accountSlots} real ones (or PUT /__admin/account-ids).\n`,
        );
        process.stdout.write(`  METRONOME_BASE_URL=${sandbox.baseURL} METRONOME_BEARER_TOKEN=${sandbox.bearerToken}\n  Ctrl-C to stop.\n`);
      }
      await untilStopped();
      await sandbox.stop();
    });
  return group;
}
