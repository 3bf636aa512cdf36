/**
 * A Response whose body is already in memory (./http.ts reads the whole answer first). `json()` and `text()`
 * decode its bytes directly, without the web stream Node's Response builds around a body and reads back, which
 * was a visible share of the read's CPU; everything else of the body (`body`, `arrayBuffer()`, `clone()`, …) goes
 * through an ordinary Response made only when asked. As with any Response, a body is read once.
 */
type Bytes = Uint8Array<ArrayBuffer>;

export class BufferedResponse extends Response {
  readonly #bytes: Bytes | null;
  readonly #init: ResponseInit;
  readonly #url: string;
  #read = false;
  #full: Response | undefined;

  constructor(bytes: Bytes | null, init: ResponseInit, url: string) {
    super(null, init);
    this.#bytes = bytes;
    this.#init = init;
    this.#url = url;
  }

  override get url(): string {
    return this.#url;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#bytes === null) return null;
    // Read already: what a consumed Response hands out, a stream with nothing left.
    if (this.#read) return new ReadableStream({ start: (controller) => controller.close() });
    return this.#ordinary().body;
  }

  override get bodyUsed(): boolean {
    return this.#read || (this.#full?.bodyUsed ?? false);
  }

  override async json(): Promise<unknown> {
    return JSON.parse(this.#text());
  }

  override async text(): Promise<string> {
    return this.#text();
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#ordinary().arrayBuffer();
  }

  override async blob(): Promise<Blob> {
    return this.#ordinary().blob();
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#ordinary().bytes();
  }

  override async formData(): Promise<FormData> {
    return this.#ordinary().formData();
  }

  override clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(this.#bytes, this.#init, this.#url);
  }

  #text(): string {
    if (this.#read || this.#full) throw new TypeError('Body is unusable: Body has already been read');
    this.#read = true;
    if (this.#bytes === null) return '';
    const text = Buffer.from(this.#bytes.buffer, this.#bytes.byteOffset, this.#bytes.length).toString('utf8');
    // A byte order mark is dropped, as Response.text() does.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  /** The same answer as an ordinary Response, for what the fast path does not cover. */
  #ordinary(): Response {
    if (this.#read) throw new TypeError('Body is unusable: Body has already been read');
    this.#full ??= new Response(this.#bytes, this.#init);
    return this.#full;
  }
}
