/**
 * The sync's source read on its own thread (node:worker_threads): Metronome's HTTP, the SDK and the mapping run
 * there, while the run plans, hashes, keeps state and writes on the main thread. Batches cross in chunks, with
 * backpressure: the reader pauses when `chunksAhead` chunks wait unread, so memory stays bounded however far
 * the writes lag. What crosses besides: errors (MetronomeUnreachableError stays itself, with its message), call
 * counts, skipped customers, and cancellation (the run stopping early, or `signal` aborting on SIGTERM).
 * The worker's side is thread-reader.ts.
 */
import { Worker } from 'node:worker_threads';
import type { PackageSchema } from '../metadata/index.ts';
import type { CustomerSelection } from '../mapping/index.ts';
import { RunInterruptedError } from './phases/interrupt.ts';
import { MetronomeUnreachableError } from './source.ts';
import type { MappedBatch, SourceSkip, SyncSource } from './types.ts';

/** What the reader thread is started with (structured-cloned: plain data only). */
export interface ReaderSettings {
  schema: PackageSchema;
  metronome: { bearerToken: string; baseURL?: string; concurrency?: number; maxRetries?: number };
  selection: CustomerSelection;
  /** The Metronome URL named when it cannot be reached at all. */
  baseUrl?: string;
  /** Leave out a customer whose reads keep failing (reported by skipped()) instead of failing the stream. */
  skipFailedCustomers?: boolean;
  /** Source items (customers, plans, metrics) per chunk sent across. */
  chunkItems: number;
}

export type StreamName = 'catalog' | 'customers';

/** Main thread → reader. */
export type ToReader =
  | { type: 'open'; id: number; stream: StreamName; credits: number }
  | { type: 'credit'; id: number }
  | { type: 'cancel'; id: number };

export interface ReaderProgress {
  counts: Record<string, number>;
  skipped: SourceSkip[];
}

export interface SentError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  status?: number;
}

/** Reader → main thread. */
export type FromReader = ReaderProgress &
  (
    | { type: 'chunk'; id: number; batches: MappedBatch[] }
    | { type: 'end'; id: number }
    | { type: 'error'; id: number; error: SentError }
  );

export interface ThreadedSourceOptions extends Omit<ReaderSettings, 'chunkItems'> {
  chunkItems?: number;
  /** Chunks read ahead of the run; the reader waits while this many are unread (default 8). */
  chunksAhead?: number;
  /** Aborted (SIGTERM/SIGINT): reading stops and the stream being read ends with RunInterruptedError. */
  signal?: AbortSignal;
}

export interface ThreadedSource extends SyncSource {
  /** Ends the reader thread; a stream still open ends with an error. */
  close(): Promise<void>;
}

const READER = new URL('./thread-reader.ts', import.meta.url);
/** About a plan batch's worth of customers in flight between the threads (8 × 16 of the run's 100 per batch). */
const DEFAULT_CHUNK_ITEMS = 16;
const DEFAULT_CHUNKS_AHEAD = 8;

type Inbox = { messages: (FromReader | { type: 'failed'; error: Error })[]; wake?: () => void };

export function threadedSource(options: ThreadedSourceOptions): ThreadedSource {
  const { chunksAhead = DEFAULT_CHUNKS_AHEAD, signal, ...rest } = options;
  const settings: ReaderSettings = { ...rest, chunkItems: options.chunkItems ?? DEFAULT_CHUNK_ITEMS };
  let progress: ReaderProgress = { counts: {}, skipped: [] };
  const inboxes = new Map<number, Inbox>();
  let nextId = 0;
  /** Streams open: the thread keeps the process alive while any is. */
  let waiting = 0;
  let worker: Worker | undefined;
  let dead: Error | undefined;

  const deliver = (id: number, message: Inbox['messages'][number]) => {
    const inbox = inboxes.get(id);
    if (!inbox) return;
    inbox.messages.push(message);
    inbox.wake?.();
  };
  const failAll = (error: Error) => {
    dead ??= error;
    for (const id of inboxes.keys()) deliver(id, { type: 'failed', error });
  };

  function reader(): Worker {
    if (dead) throw dead;
    if (worker) return worker;
    worker = new Worker(READER, { workerData: settings });
    worker.unref();
    worker.on('message', (message: FromReader) => {
      progress = { counts: message.counts, skipped: message.skipped };
      deliver(message.id, message);
    });
    worker.on('error', (error) => failAll(error));
    worker.on('exit', (code) => failAll(new Error(`The Metronome reader thread ended (exit code ${code}).`)));
    return worker;
  }
  // Started now, so its modules load while the run opens the org.
  if (!signal?.aborted) reader();

  async function* stream(name: StreamName): AsyncGenerator<MappedBatch> {
    const thread = reader();
    const id = ++nextId;
    const inbox: Inbox = { messages: [] };
    inboxes.set(id, inbox);
    const onAbort = () =>
      deliver(id, {
        type: 'failed',
        error: new RunInterruptedError(typeof signal?.reason === 'string' ? signal.reason : 'stop requested'),
      });
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    // A thread waited on keeps the process alive; an idle one never does.
    if (waiting++ === 0) thread.ref();
    const send = (message: ToReader) => thread.postMessage(message);
    send({ type: 'open', id, stream: name, credits: chunksAhead });
    let open = true;
    try {
      for (;;) {
        while (inbox.messages.length === 0) await new Promise<void>((resolve) => (inbox.wake = resolve));
        const message = inbox.messages.shift()!;
        if (message.type === 'chunk') {
          send({ type: 'credit', id });
          yield* message.batches;
        } else if (message.type === 'end') {
          open = false;
          return;
        } else if (message.type === 'error') {
          open = false;
          throw revive(message.error, settings.baseUrl);
        } else {
          throw message.error;
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (open && !dead) {
        // Stopped early (the run ended, failed or was interrupted): the reader stops and reports its last counts.
        send({ type: 'cancel', id });
        await acknowledged(inbox);
      }
      inboxes.delete(id);
      if (--waiting === 0) thread.unref();
    }
  }

  return {
    catalog: () => stream('catalog'),
    customers: () => stream('customers'),
    callCounts: () => ({ ...progress.counts }),
    skipped: () => [...progress.skipped],
    async close() {
      const thread = worker;
      dead ??= new Error('The Metronome reader thread was closed.');
      if (thread) await thread.terminate();
    },
  };
}

/** Waits (briefly) for the reader's answer to a cancel: its `end` carries the final counts. */
async function acknowledged(inbox: Inbox): Promise<void> {
  const deadline = Date.now() + 2000;
  while (Date.now() < deadline) {
    if (inbox.messages.some((m) => m.type !== 'chunk')) return;
    inbox.messages.length = 0;
    await new Promise<void>((resolve) => {
      inbox.wake = resolve;
      setTimeout(resolve, 100).unref();
    });
  }
}

/** The reader's error as the in-process source would have thrown it. */
function revive(sent: SentError, baseUrl: string | undefined): Error {
  const error =
    sent.name === 'MetronomeUnreachable' && baseUrl
      ? new MetronomeUnreachableError(baseUrl, new Error(sent.message))
      : new Error(sent.message);
  error.name = sent.name;
  error.message = sent.message;
  if (sent.stack) error.stack = sent.stack;
  return Object.assign(error, {
    ...(sent.code !== undefined ? { code: sent.code } : {}),
    ...(sent.status !== undefined ? { status: sent.status } : {}),
  });
}
