/** `nome metronome-sandbox start`: a local Metronome for tests, demos and `npm start`, served until stopped. */
import { readFileSync } from 'node:fs';
import { defineCommand, type CommandTree } from './command.ts';
import { Flags } from './flags.ts';
import { CommandError, printReady } from './output.ts';
import { untilStopped } from './signals.ts';

/**
 * The IDs in an --account-ids-file: a JSON array of strings, or IDs separated by newlines, commas or whitespace
 * (`#` starts a comment; a leading `Id` header, as in `sf data query --result-format csv`, is skipped).
 */
export function parseAccountIdList(text: string): string[] {
  if (text.trimStart().startsWith('[')) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) {
      throw new Error('a JSON account ID file must hold an array of strings');
    }
    return parsed;
  }
  const ids = text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, ''))
    .flatMap((line) => line.split(/[\s,;"]+/))
    .filter((token) => token.length > 0);
  return ids[0]?.toLowerCase() === 'id' ? ids.slice(1) : ids;
}

async function readAccountIds(file: string): Promise<string[]> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CommandError(`--account-ids-file: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const ids = parseAccountIdList(text);
    const { normalizeAccountIds } = await import('../metronome/sandbox/index.ts');
    normalizeAccountIds(ids);
    return ids;
  } catch (error) {
    throw new CommandError(`--account-ids-file ${file}: ${(error as Error).message}`);
  }
}

const start = defineCommand({
  summary: 'Serve the sandbox on 127.0.0.1 until interrupted (SIGINT/SIGTERM).',
  description:
    'Serve the sandbox on 127.0.0.1 until interrupted (SIGINT/SIGTERM). With --json it prints one line with baseURL ' +
    'and bearerToken when it is ready.',
  examples: [
    { summary: 'A sandbox of 50 customers on a free port:', command: 'nome metronome-sandbox start' },
    {
      summary: 'Customers linked to the accounts of a real org:',
      command: 'nome metronome-sandbox start --customers 200 --account-ids-file accounts.csv --json',
    },
  ],
  jsonSummary: 'print one JSON line with baseURL and bearerToken when ready',
  flags: {
    port: Flags.integer('port', {
      placeholder: '<port>',
      summary: 'port to listen on (0 = any free port)',
      min: 0,
      max: 65535,
      default: 0,
    }),
    customers: Flags.integer('customers', {
      summary: 'number of customers, 10 to 100000',
      min: 10,
      max: 100_000,
      default: 50,
    }),
    seed: Flags.integer('seed', { summary: 'seed of the generated data', default: 1 }),
    'bearer-token': Flags.string({
      placeholder: '<token>',
      summary: 'token clients must send (default: a random one, printed)',
    }),
    order: Flags.option({
      placeholder: '<order>',
      summary: 'same data, other order',
      choices: ['natural', 'shuffled'],
      default: 'natural',
    }),
    'account-ids-file': Flags.string({
      placeholder: '<file>',
      summary:
        'Salesforce Account IDs for the customers to link to (one per line, or a JSON array); default: invented IDs',
    }),
  },
  async run(flags) {
    const accountIds = flags.accountIdsFile === undefined ? undefined : await readAccountIds(flags.accountIdsFile);
    const { startMetronomeSandbox } = await import('../metronome/sandbox/index.ts');
    const { port, customers, seed, bearerToken, order } = flags;
    const sandbox = await startMetronomeSandbox({ port, customers, seed, bearerToken, order, accountIds });
    const accounts = { accountSlots: sandbox.accountSlots(), accountIdCount: accountIds?.length ?? 0 };
    const info = { baseURL: sandbox.baseURL, bearerToken: sandbox.bearerToken, customers, seed, order, ...accounts };
    const linked = accountIds
      ? `  Customers link to the ${accountIds.length} account IDs of ${flags.accountIdsFile}, ` +
        `for ${accounts.accountSlots} account slots` +
        `${accountIds.length < accounts.accountSlots ? ', IDs reused round-robin' : ''}.\n`
      : `  Customers link to invented account IDs: pass --account-ids-file with ${accounts.accountSlots} real ones ` +
        '(or PUT /__admin/account-ids).\n';
    const stopped = untilStopped();
    printReady(
      info,
      flags.json,
      () =>
        `Metronome sandbox on ${sandbox.baseURL} (${customers} customers, seed ${seed}).\n${linked}` +
        `  METRONOME_BASE_URL=${sandbox.baseURL} METRONOME_BEARER_TOKEN=${sandbox.bearerToken}\n  Ctrl-C to stop.\n`,
    );
    await stopped;
    await sandbox.stop();
  },
});

export const metronomeSandboxCommands: CommandTree = { start };
