import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSchema } from '../../scripts/metadata/index.ts';
import { createMetronomeSource, type MetronomeSourceOptions } from '../../scripts/metronome/index.ts';
import { startMetronomeSandbox, type MetronomeSandbox } from '../../scripts/metronome/sandbox/index.ts';
import { RunInterruptedError } from '../../scripts/sync/run.ts';
import { mappedSource, MetronomeUnreachableError } from '../../scripts/sync/source.ts';
import { threadedSource, type ThreadedSource, type ThreadedSourceOptions } from '../../scripts/sync/thread-source.ts';
import type { MappedBatch, SyncSource } from '../../scripts/sync/types.ts';
import { expectedRecords, orgExternalIds, startWorld, type World } from './world.ts';

const schema = loadSchema();
const selection = { mode: 'all' as const };
let sandbox: MetronomeSandbox;
const opened: ThreadedSource[] = [];

beforeAll(async () => {
  sandbox = await startMetronomeSandbox({ customers: 40, seed: 7 });
});
afterEach(async () => {
  sandbox.faults.clear();
  while (opened.length) await opened.pop()!.close();
});
afterAll(() => sandbox.stop());

function inProcess(options: Partial<MetronomeSourceOptions> = {}): SyncSource {
  const reader = createMetronomeSource({
    baseURL: sandbox.baseURL,
    bearerToken: sandbox.bearerToken,
    concurrency: 2,
    ...options,
  });
  return mappedSource(schema, reader, selection, sandbox.baseURL);
}

function threaded(options: Partial<ThreadedSourceOptions> = {}): ThreadedSource {
  const source = threadedSource({
    schema,
    metronome: { baseURL: sandbox.baseURL, bearerToken: sandbox.bearerToken, concurrency: 2 },
    selection,
    baseUrl: sandbox.baseURL,
    chunkItems: 3,
    chunksAhead: 1,
    ...options,
  });
  opened.push(source);
  return source;
}

async function collect(items: AsyncIterable<MappedBatch>): Promise<MappedBatch[]> {
  const out: MappedBatch[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const callsSoFar = () => Object.values(sandbox.calls()).reduce((a, b) => a + b, 0);
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('reading on its own thread', () => {
  it('yields exactly the batches, errors, warnings and call counts of the in-process source', async () => {
    const expected = inProcess();
    const want = { catalog: await collect(expected.catalog()), customers: await collect(expected.customers()) };
    const source = threaded();
    const got = { catalog: await collect(source.catalog()), customers: await collect(source.customers()) };

    expect(got).toEqual(want);
    // The sandbox's deliberately bad records: errors and warnings cross the thread as they are.
    expect(got.customers.some((b) => b.errors.length > 0)).toBe(true);
    expect(got.customers.some((b) => (b.warnings ?? []).length > 0)).toBe(true);
    expect(source.callCounts()).toEqual(expected.callCounts());
    expect(source.skipped!()).toEqual([]);
  });

  it('pauses reading while the run has not taken what was read (bounded buffer)', async () => {
    const everything = inProcess();
    const before = callsSoFar();
    await collect(everything.customers());
    const fullRead = callsSoFar() - before;

    const start = callsSoFar();
    const customers = threaded({ chunkItems: 2, chunksAhead: 1 }).customers()[Symbol.asyncIterator]();
    expect((await customers.next()).done).toBe(false);
    await settle();
    const whilePaused = callsSoFar() - start;
    await settle();
    // One chunk waiting, one being filled and the source's own read-ahead: a fraction of the account.
    expect(callsSoFar() - start).toBe(whilePaused);
    expect(whilePaused).toBeLessThan(fullRead / 2);
    await customers.return!(undefined);
  });

  it('reports customers it skipped, as the in-process source does', async () => {
    sandbox.faults.add({ fault: 'server_error', times: 1, match: 'GET /v1/customers/{customer_id}/invoices' });
    const source = threaded({ metronome: { ...metronomeOf(), maxRetries: 0 }, skipFailedCustomers: true });
    const batches = await collect(source.customers());
    const all = await collect(inProcess().customers());
    expect(batches.length).toBe(all.length - 1);
    expect(source.skipped!()).toEqual([{ customerId: expect.any(String), message: expect.stringContaining('500') }]);
  });

  it('ends the stream with the SDK error when a customer fails and skipping is off', async () => {
    sandbox.faults.add({ fault: 'server_error', times: 1, match: 'GET /v1/customers/{customer_id}/invoices' });
    const source = threaded({ metronome: { ...metronomeOf(), maxRetries: 0 } });
    await expect(collect(source.customers())).rejects.toMatchObject({ status: 500 });
    expect(source.callCounts()['GET /v1/customers/{customer_id}/invoices']).toBeGreaterThan(0);
  });

  it('throws MetronomeUnreachableError with the same message when nothing answers', async () => {
    const url = await closedPortUrl();
    const metronome = { baseURL: url, bearerToken: 'token', maxRetries: 0 };
    const inProcessError = await collect(
      mappedSource(schema, createMetronomeSource(metronome), selection, url).catalog(),
    ).catch((error: unknown) => error);
    const source = threaded({ metronome, baseUrl: url });
    const error = await collect(source.catalog()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MetronomeUnreachableError);
    expect((error as Error).message).toBe((inProcessError as Error).message);
    expect((error as Error).message).toContain(url);
    expect((error as Error).message).not.toContain('token');
  });

  it('stops reading and ends the stream as interrupted when the signal aborts', async () => {
    sandbox.faults.add({ fault: 'slow', rate: 1, delayMs: 30, match: 'GET /v1/customers/{customer_id}' });
    const stop = new AbortController();
    const source = threaded({ signal: stop.signal, chunksAhead: 4 });
    const customers = source.customers()[Symbol.asyncIterator]();
    expect((await customers.next()).done).toBe(false);
    stop.abort('SIGTERM');
    await expect(
      (async () => {
        for (;;) if ((await customers.next()).done) return;
      })(),
    ).rejects.toBeInstanceOf(RunInterruptedError);
    await settle();
    const after = callsSoFar();
    await settle();
    expect(callsSoFar()).toBe(after);
    expect(source.callCounts()['GET /v1/customers']).toBe(1);
  });
});

function metronomeOf() {
  return { baseURL: sandbox.baseURL, bearerToken: sandbox.bearerToken, concurrency: 2 };
}

/** A loopback URL nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('a sync reading on its own thread (NOME_READ_THREAD=on)', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ customers: 20 });
    world.env.NOME_READ_THREAD = 'on';
  });
  afterAll(async () => world?.stop());

  it('lands exactly the records Metronome maps to, then an unchanged run writes nothing and validate finds no drift', async () => {
    const expected = await expectedRecords(world);
    const first = await world.sync();
    const landed = await orgExternalIds(world);
    for (const [object, ids] of expected) {
      expect([...(landed.get(object) ?? [])].sort(), object).toEqual([...ids.keys()].sort());
      expect(first.objects[object]!.created, object).toBe(ids.size);
    }
    expect(first.apiCalls.metronome).toBeGreaterThan(0);

    world.org.resetStats();
    const again = await world.sync();
    expect(world.org.stats().writes).toBe(0);
    expect(again.apiCalls.metronomeByEndpoint).toEqual(first.apiCalls.metronomeByEndpoint);
    expect((await world.validate()).inSync).toBe(true);
  });
});
