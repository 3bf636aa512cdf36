/**
 * One HTTP exchange over an undici dispatcher, its answer collected in memory: undici's handler API without
 * `request()`'s per-answer Node stream, which was most of what the adapter (./http.ts) still spent in undici.
 */
import type { Dispatcher } from 'undici';

export interface Answer {
  status: number;
  statusText: string;
  headers: Dispatcher.ResponseData['headers'];
  body: Buffer;
}

/**
 * Sends one request and resolves with the whole answer; rejects with undici's error when the connection fails or
 * breaks off, and with the signal's reason as soon as it aborts (the request is then cancelled).
 */
export function exchange(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  signal: AbortSignal | undefined,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const handler = new CollectingHandler(signal, resolve, reject);
    try {
      dispatcher.dispatch(options, handler);
    } catch (error) {
      handler.fail(error);
    }
  });
}

class CollectingHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;
  private status = 0;
  private statusText = '';
  private headers: Answer['headers'] = {};
  private readonly chunks: Buffer[] = [];
  private readonly signal: AbortSignal | undefined;
  private readonly resolve: (answer: Answer) => void;
  private readonly reject: (error: unknown) => void;

  constructor(signal: AbortSignal | undefined, resolve: (answer: Answer) => void, reject: (error: unknown) => void) {
    this.signal = signal;
    this.resolve = resolve;
    this.reject = reject;
    signal?.addEventListener('abort', this.onAbort);
  }

  private readonly onAbort = () => {
    const reason = abortReason(this.signal!);
    this.controller?.abort(reason as Error);
    this.fail(reason);
  };

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Aborted while it waited for a connection: never sent.
    if (this.settled) controller.abort(abortReason(this.signal!) as Error);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: Answer['headers'],
    statusText?: string,
  ): void {
    // 1xx interim answers (100 Continue, 103 Early Hints) come before the real one.
    if (status < 200) return;
    this.status = status;
    this.statusText = statusText ?? '';
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settle()) {
      const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      this.resolve({ status: this.status, statusText: this.statusText, headers: this.headers, body });
    }
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  fail(error: unknown): void {
    if (this.settle()) this.reject(error);
  }

  /** True the first time only: an exchange settles once. */
  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    return true;
  }
}

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
