/** A Salesforce API error: its errorCode, message, fields and HTTP status, as Salesforce reports them. */
export class SfError extends Error {
  readonly errorCode: string;
  readonly fields: string[];
  readonly status: number;
  constructor(errorCode: string, message: string, fields: string[] = [], status = 400) {
    super(message);
    this.errorCode = errorCode;
    this.fields = fields;
    this.status = status;
  }

  /** The single-call body: `[{message, errorCode, fields}]`. */
  toBody(): { message: string; errorCode: string; fields?: string[] }[] {
    return [{ message: this.message, errorCode: this.errorCode, fields: this.fields }];
  }

  /** The per-record shape inside sObject Collections results: `statusCode`, not `errorCode`. */
  toRecordError(): { statusCode: string; message: string; fields: string[] } {
    return { statusCode: this.errorCode, message: this.message, fields: this.fields };
  }
}

export const notFound = (message = 'The requested resource does not exist') =>
  new SfError('NOT_FOUND', message, [], 404);

export const ROLLED_BACK = new SfError(
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'Record rolled back because not all records were valid and the request was using AllOrNone header',
);
