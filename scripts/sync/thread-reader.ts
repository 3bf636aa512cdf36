/**
 * The reader thread of thread-source.ts: Metronome read through the SDK and mapped, exactly as the in-process
 * source does (mappedSource over createMetronomeSource), each stream sent to the main thread in chunks while it
 * has credit (one credit per chunk the main thread has taken), so reading pauses when the run falls behind.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createMetronomeSource } from '../metronome/index.ts';
import { mappedSource } from './source.ts';
import type { FromReader, ReaderProgress, ReaderSettings, SentError, StreamName, ToReader } from './thread-source.ts';
import type { MappedBatch } from './types.ts';

const settings = workerData as ReaderSettings;
const port = parentPort!;
const reader = createMetronomeSource({
  ...settings.metronome,
  ...(settings.skipFailedCustomers ? { onCustomerError: () => 'skip' as const } : {}),
});
const source = mappedSource(settings.schema, reader, settings.selection, settings.baseUrl);

interface Stream {
  credits: number;
  cancelled: boolean;
  wake?: () => void;
}
const streams = new Map<number, Stream>();

const progress = (): ReaderProgress => ({ counts: reader.callCounts(), skipped: reader.skippedCustomers() });
const post = (message: FromReader) => port.postMessage(message);

function describe(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, status } = error as { code?: unknown; status?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(error.stack ? { stack: error.stack } : {}),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof status === 'number' ? { status } : {}),
  };
}

/** Waits for credit; false when the stream was cancelled meanwhile. */
async function credit(stream: Stream): Promise<boolean> {
  while (stream.credits <= 0 && !stream.cancelled) await new Promise<void>((resolve) => (stream.wake = resolve));
  if (stream.cancelled) return false;
  stream.credits--;
  return true;
}

async function serve(id: number, name: StreamName, credits: number): Promise<void> {
  const stream: Stream = { credits, cancelled: false };
  streams.set(id, stream);
  let chunk: MappedBatch[] = [];
  const send = async () => {
    if (!(await credit(stream))) return false;
    post({ type: 'chunk', id, batches: chunk, ...progress() });
    chunk = [];
    return true;
  };
  try {
    for await (const batch of source[name]()) {
      if (stream.cancelled) break;
      chunk.push(batch);
      // A batch completing objects goes at once: the run starts their writes while this thread reads on.
      if ((chunk.length >= settings.chunkItems || batch.complete) && !(await send())) break;
    }
    if (!stream.cancelled && chunk.length) await send();
    post({ type: 'end', id, ...progress() });
  } catch (error) {
    post({ type: 'error', id, error: describe(error), ...progress() });
  } finally {
    streams.delete(id);
  }
}

port.on('message', (message: ToReader) => {
  const stream = streams.get(message.id);
  if (message.type === 'open') void serve(message.id, message.stream, message.credits);
  else if (stream && message.type === 'credit') stream.credits++;
  else if (stream && message.type === 'cancel') stream.cancelled = true;
  stream?.wake?.();
});
