/**
 * Request bodies as Salesforce reads them: a bounded size per route, JSON parsed with Salesforce's
 * `400 JSON_PARSER_ERROR` for malformed text or a body of the wrong shape, never a 500.
 */
import type { IncomingMessage } from 'node:http';
import { requestError, type SfError } from './errors.ts';
import type { Values } from './store.ts';

/**
 * Largest body each kind of call accepts. REST and Composite calls: 50 MB of text ("Insert or Update Blob Data",
 * REST API Developer Guide); a Bulk API 2.0 upload: 150 MB ("Bulk API 2.0 and Bulk API Limits": "The maximum size for
 * a single upload is 150 MB" — the limit is on the base64 size; the raw CSV, what arrives here, is at most 100 MB).
 */
export const MAX_JSON_BODY = 50 * 1024 * 1024;
export const MAX_BULK_UPLOAD = 100 * 1024 * 1024;

export class BodyTooLarge extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`The request body exceeds ${limit} bytes`);
    this.limit = limit;
  }
}

/** The body, or BodyTooLarge as soon as it passes `limit` (the rest is not read). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export const jsonParserError = (message: string) => requestError('JSON_PARSER_ERROR', message);

/** Salesforce's answer to a write with no body (or a literal `null`). */
export const NO_BODY = 'The HTTP entity body is required, but this request has no entity body.';

/** The parsed JSON body; malformed text answers JSON_PARSER_ERROR with the line and column where parsing stopped. */
export function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  checkNesting(text);
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const at = position ? lineColumn(text, Number(position[1])) : lineColumn(text, text.length);
    const offending = position ? text[Number(position[1])] : undefined;
    const what =
      offending === undefined ? 'end-of-input' : `character ('${offending}' (code ${offending.charCodeAt(0)}))`;
    throw jsonParserError(`Unexpected ${what} at [line:${at.line}, column:${at.column}]`);
  }
}

/** Deepest nesting a body may have, as a JSON parser bounds it (Jackson's default): deeper bodies are refused unread. */
export const MAX_JSON_DEPTH = 1000;

/** One pass over the text, outside strings, counting open brackets. */
function checkNesting(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i += 1;
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 91 || c === 123) {
      if (++depth > MAX_JSON_DEPTH) {
        const at = lineColumn(text, i);
        throw jsonParserError(
          `Document nesting depth exceeds the maximum allowed (${MAX_JSON_DEPTH}) at [line:${at.line}, column:${at.column}]`,
        );
      }
    } else if (c === 93 || c === 125) {
      depth -= 1;
    }
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

function tokenName(value: unknown): string {
  if (Array.isArray(value)) return 'START_ARRAY value [';
  if (value === null) return 'VALUE_NULL value null';
  if (typeof value === 'object') return 'START_OBJECT value {';
  if (typeof value === 'string') return `VALUE_STRING value ${value}`;
  if (typeof value === 'number')
    return `${Number.isInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT'} value ${value}`;
  return `VALUE_${String(value).toUpperCase()} value ${String(value)}`;
}

/** Salesforce's JSON_PARSER_ERROR for a value its deserializer cannot turn into `type`. */
export function cannotDeserialize(type: string, value: unknown, at = ''): SfError {
  return jsonParserError(
    `Cannot deserialize instance of ${type} from ${tokenName(value)} or request may be missing a required field${at}`,
  );
}

/** A body that must be one JSON object (a record, a job definition, a composite request). */
export function objectBody(body: Buffer, typeName: string): Values {
  const value = parseJson(body);
  if (value === undefined || value === null) throw jsonParserError(NO_BODY);
  if (typeof value !== 'object' || Array.isArray(value))
    throw cannotDeserialize(typeName, value, ' at [line:1, column:1]');
  return value as Values;
}

/** A list of strings from a JSON body (`ids`, `fields`), or Salesforce's JSON_PARSER_ERROR. */
export function stringList(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw jsonParserError(`${name} must be a list of strings`);
  return value as string[];
}

/**
 * The body size a call may send, known from its path before the body is read: a Bulk API 2.0 CSV upload or a
 * Metadata API deploy (REST or SOAP; Salesforce takes a zip of up to 39 MB, larger once base64-encoded in SOAP) may
 * send up to MAX_BULK_UPLOAD, every other call a JSON request of up to MAX_JSON_BODY.
 */
export function bodyLimit(segments: string[], method: string): number {
  const bulkUpload = method === 'PUT' && segments[3] === 'jobs' && segments.at(-1) === 'batches';
  const deploy = segments[1] === 'Soap' || (segments[3] === 'metadata' && method === 'POST');
  return bulkUpload || deploy ? MAX_BULK_UPLOAD : MAX_JSON_BODY;
}
