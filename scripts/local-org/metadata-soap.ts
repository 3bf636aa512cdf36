/**
 * The SOAP Metadata API (`POST /services/Soap/m/{version}`), what `sf project deploy start`, `--dry-run`,
 * `sf project retrieve start`, `sf org list metadata` and `sf org list metadata-types` use by default:
 * deploy / checkDeployStatus / cancelDeploy (the same deploys as the REST API: deploy.ts), retrieve /
 * checkRetrieveStatus / checkStatus (metadata-retrieve.ts), listMetadata and describeMetadata.
 * Other operations answer Salesforce's SOAP fault for an operation the endpoint does not offer, with a hint.
 */
import { XMLParser } from 'fast-xml-parser';
import { beginDeploy, findDeploy, type MetadataDeploys } from './deploy.ts';
import { describeMetadata, listMetadata, Retrieves } from './metadata-retrieve.ts';
import type { Ctx, Route, RouteMaker, WriteRouteMaker } from './routes.ts';

const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';
const REPEATED = new Set(['types', 'members', 'queries', 'packageNames', 'specifiedFiles', 'runTests']);
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (tag) => REPEATED.has(tag),
});

type Node = Record<string, unknown>;
type SoapReply = { status: number; body: string; headers: Record<string, string> };

/** Operations answered, and whether each changes the org (counted as a write in the local org's stats). */
const OPERATIONS: Record<string, boolean> = {
  deploy: true,
  cancelDeploy: true,
  checkDeployStatus: false,
  retrieve: false,
  checkRetrieveStatus: false,
  checkStatus: false,
  listMetadata: false,
  describeMetadata: false,
};

export class MetadataSoap {
  private readonly retrieves: Retrieves;
  private readonly deploys: MetadataDeploys;
  private readonly isValidSession: (token: string) => boolean;

  constructor(deploys: MetadataDeploys, isValidSession: (token: string) => boolean) {
    this.deploys = deploys;
    this.isValidSession = isValidSession;
    this.retrieves = new Retrieves(deploys);
  }

  route(ctx: Ctx, r: RouteMaker, w: WriteRouteMaker): Route {
    const operation =
      /<(?:[\w-]+:)?Body[^>]*>\s*<(?:[\w-]+:)?(\w+)/.exec(ctx.body.toString('utf8', 0, 4096))?.[1] ?? '';
    const known = operation in OPERATIONS;
    const make = known && OPERATIONS[operation] ? w : r;
    // Auth is the SOAP SessionHeader, not a bearer header: the handler checks it and answers a SOAP fault.
    return {
      ...make(`metadata.soap.${known ? operation : 'unknown'}`, () => this.handle(ctx, operation)),
      auth: false,
    };
  }

  private async handle(ctx: Ctx, operation: string): Promise<SoapReply> {
    let envelope: Node;
    try {
      envelope = parser.parse(ctx.body.toString('utf8'), true) as Node;
    } catch (error) {
      return fault('soapenv:Client', `Unable to parse the request: ${(error as Error).message}`);
    }
    const root = (envelope.Envelope ?? {}) as Node;
    const session = ((root.Header as Node | undefined)?.SessionHeader as Node | undefined)?.sessionId;
    if (typeof session !== 'string' || !this.isValidSession(session)) {
      return fault(
        'sf:INVALID_SESSION_ID',
        'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session',
      );
    }
    const args = (((root.Body as Node | undefined) ?? {})[operation] ?? {}) as Node;
    if (!(operation in OPERATIONS)) {
      return fault(
        'soapenv:Client',
        `No operation available for request {${METADATA_NS}}${operation}. The local org answers deploy, checkDeployStatus, ` +
          'cancelDeploy, retrieve, checkRetrieveStatus, checkStatus, listMetadata and describeMetadata; deploy a changed ' +
          'project (sf project deploy start) instead of CRUD-based metadata calls.',
      );
    }
    try {
      return respond(operation, await this.run(operation, args));
    } catch (error) {
      if (error instanceof SoapFault) return fault(error.code, error.message);
      throw error;
    }
  }

  private async run(operation: string, args: Node): Promise<unknown> {
    switch (operation) {
      case 'deploy':
        return this.deploy(args);
      case 'checkDeployStatus':
        return this.deployStatus(String(args.asyncProcessId ?? args.id ?? ''), args.includeDetails === 'true');
      case 'cancelDeploy':
        return {
          done: findDeploy(this.deploys, String(args.String ?? args.id ?? ''))?.deployResult.done ?? true,
          id: String(args.String ?? args.id ?? ''),
        };
      case 'retrieve':
        return this.retrieves.start((args.request ?? {}) as Node);
      case 'checkRetrieveStatus':
        return this.retrieves.status(String(args.asyncProcessId ?? ''), args.includeZip !== 'false');
      case 'checkStatus':
        return this.retrieves.asyncResult(String(args.asyncProcessId ?? ''));
      case 'listMetadata':
        return listMetadata(this.deploys, (args.queries ?? []) as Node[]);
      default:
        return describeMetadata(this.deploys);
    }
  }

  private deploy(args: Node) {
    const zip = Buffer.from(String(args.ZipFile ?? ''), 'base64');
    const options = Object.fromEntries(
      Object.entries((args.DeployOptions ?? {}) as Node).map(([k, v]) => [
        k,
        v === 'true' ? true : v === 'false' ? false : v,
      ]),
    );
    const record = beginDeploy(this.deploys, zip, options);
    return { done: false, id: record.id, state: 'Queued' };
  }

  private deployStatus(id: string, includeDetails: boolean) {
    const record = findDeploy(this.deploys, id);
    if (!record) throw new SoapFault('sf:INVALID_ID_FIELD', `INVALID_ID_FIELD: invalid id: ${id}`);
    const { details, ...result } = record.deployResult;
    return includeDetails ? { ...result, details } : result;
  }
}

/** A SOAP fault the handler throws where Salesforce answers one (status 500, faultcode and faultstring). */
export class SoapFault extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

function respond(operation: string, result: unknown): SoapReply {
  const body = `<${operation}Response>${toXml('result', result)}</${operation}Response>`;
  return envelopeOf(200, body);
}

function fault(code: string, message: string): SoapReply {
  return envelopeOf(
    500,
    `<soapenv:Fault><faultcode>${escape(code)}</faultcode><faultstring>${escape(message)}</faultstring></soapenv:Fault>`,
  );
}

function envelopeOf(status: number, body: string): SoapReply {
  return {
    status,
    headers: { 'Content-Type': 'text/xml; charset=utf-8' },
    body:
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
      `xmlns="${METADATA_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`,
  };
}

/** Arrays repeat the element, null is xsi:nil, objects nest, undefined is left out. */
function toXml(name: string, value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
  if (value === null) return `<${name} xsi:nil="true"/>`;
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Node)
      .map(([k, v]) => toXml(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escape(String(value))}</${name}>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
