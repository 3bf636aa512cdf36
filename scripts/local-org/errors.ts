/** A Salesforce API error: its errorCode, message, fields and HTTP status, as Salesforce reports them. */
export class SfError extends Error {
  readonly errorCode: string;
  readonly fields: string[];
  readonly status: number;
  /** False for a refusal of the whole request (a query, a body, a path): Salesforce's body then has no `fields`. */
  readonly aboutRecord: boolean;
  constructor(errorCode: string, message: string, fields: string[] = [], status = 400, aboutRecord = true) {
    super(message);
    this.errorCode = errorCode;
    this.fields = fields;
    this.status = status;
    this.aboutRecord = aboutRecord;
  }

  /** The single-call body: `[{message, errorCode, fields}]`, or `[{message, errorCode}]` for a request refusal. */
  toBody(): { message: string; errorCode: string; fields?: string[] }[] {
    const body = { message: this.message, errorCode: this.errorCode };
    return [this.aboutRecord ? { ...body, fields: this.fields } : body];
  }

  /** The per-record shape inside sObject Collections results: `statusCode`, not `errorCode`. */
  toRecordError(): { statusCode: string; message: string; fields: string[] } {
    return { statusCode: this.errorCode, message: this.message, fields: this.fields };
  }
}

/**
 * A refusal of the request itself (malformed JSON, a query, a path, a job): answered `[{message, errorCode}]`, as
 * Salesforce answers JSON_PARSER_ERROR, query and NOT_FOUND errors.
 */
export const requestError = (errorCode: string, message: string, status = 400) =>
  new SfError(errorCode, message, [], status, false);

export const notFound = (message = 'The requested resource does not exist') => requestError('NOT_FOUND', message, 404);

export const ROLLED_BACK = new SfError(
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'Record rolled back because not all records were valid and the request was using AllOrNone header',
);
