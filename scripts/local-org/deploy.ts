/**
 * Metadata API REST deploys (`POST …/metadata/deployRequest`, `GET …/deployRequest/{id}`), the calls
 * @salesforce/source-deploy-retrieve makes with `apiOptions.rest`. A deploy is a schema reload: the
 * metadata-format zip is converted back to source format with SDR, laid over a copy of the org's current
 * SFDX project, checked with the project's metadata lint (what Salesforce would reject fails the deploy with the
 * component, file, line and problem) and read with the schema module. Nothing else in the zip (Apex, …) runs.
 * The SOAP Metadata API (metadata-soap.ts) starts and reads the same deploys.
 */
import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ComponentSet,
  MetadataConverter,
  ZipTreeContainer,
  type SourceComponent,
} from '@salesforce/source-deploy-retrieve';
import { readSfdxProject } from '../metadata/index.ts';
import { checkDeployedProject, type ComponentFailure } from './deploy-check.ts';
import { SfError, notFound } from './errors.ts';
import { metadataFileName } from './metadata-retrieve.ts';
import type { Ctx, Route, RouteMaker, WriteRouteMaker } from './routes.ts';
import { formatDateTime } from './values.ts';

export interface MetadataDeploys {
  /** Reloads the org's schema from an SFDX project directory. */
  reload: (projectDir: string) => Promise<void>;
  /** The SFDX project the org's schema currently comes from. */
  projectDir: () => string;
  /** A fresh ID with the given key prefix. */
  newId: (prefix: string) => string;
  userId: string;
  /** Temporary projects deploys created; removed when the org stops. */
  tempDirs: string[];
}

export interface ComponentMessage {
  changed: boolean;
  componentType: string;
  created: boolean;
  createdDate: string;
  deleted: boolean;
  fileName: string;
  fullName: string;
  success: boolean;
  problem?: string;
  problemType?: string;
  lineNumber?: number;
  columnNumber?: number;
}

export interface DeployRecord {
  id: string;
  deployOptions: Record<string, unknown>;
  deployResult: Record<string, unknown> & {
    details: { componentSuccesses: ComponentMessage[]; componentFailures: ComponentMessage[] };
  };
}

const deploysByRegistry = new WeakMap<MetadataDeploys, Map<string, DeployRecord>>();

/** A deploy started through either API, by its 0Af ID. */
export function findDeploy(deploys: MetadataDeploys, id: string): DeployRecord | undefined {
  return registry(deploys).get(id);
}

function registry(deploys: MetadataDeploys): Map<string, DeployRecord> {
  let map = deploysByRegistry.get(deploys);
  if (!map) deploysByRegistry.set(deploys, (map = new Map()));
  return map;
}

export function handleMetadata(
  deploys: MetadataDeploys,
  ctx: Ctx,
  p: string[],
  r: RouteMaker,
  w: WriteRouteMaker,
): Route | undefined {
  if (p[0] !== 'deployRequest') return undefined;
  if (p.length === 1 && ctx.method === 'POST') return w('metadata.deploy', () => startDeploy(deploys, ctx));
  if (p.length === 2 && ctx.method === 'GET') {
    return r('metadata.deployStatus', () => {
      const record = registry(deploys).get(p[1]);
      if (!record) throw notFound();
      const details = ctx.url.searchParams.get('includeDetails') === 'true';
      return {
        status: 200,
        body: details ? record : { ...record, deployResult: { ...record.deployResult, details: undefined } },
      };
    });
  }
  return undefined;
}

function startDeploy(deploys: MetadataDeploys, ctx: Ctx): { status: number; body: unknown } {
  const parts = multipart(ctx.body, String(ctx.req.headers['content-type'] ?? ''));
  const zip = parts.get('file');
  if (!zip)
    throw new SfError('INVALID_MULTIPART_REQUEST', 'The deploy request must carry the zip in a part named "file"');
  let deployOptions: Record<string, unknown> = {};
  const entity = parts.get('entity_content') ?? parts.get('json');
  if (entity)
    deployOptions = (JSON.parse(entity.toString()) as { deployOptions?: Record<string, unknown> }).deployOptions ?? {};
  const record = beginDeploy(deploys, zip, deployOptions);
  return { status: 201, body: { ...record, validatedDeployRequestId: null } };
}

/** Registers a deploy of a metadata-format zip and runs it in the background; poll it with findDeploy. */
export function beginDeploy(
  deploys: MetadataDeploys,
  zip: Buffer,
  deployOptions: Record<string, unknown>,
): DeployRecord {
  const now = formatDateTime(new Date());
  const id = deploys.newId('0Af');
  const record: DeployRecord = {
    id,
    deployOptions,
    deployResult: {
      id,
      status: 'Pending',
      done: false,
      success: false,
      checkOnly: deployOptions.checkOnly === true,
      ignoreWarnings: false,
      rollbackOnError: true,
      runTestsEnabled: false,
      numberComponentsDeployed: 0,
      numberComponentsTotal: 0,
      numberComponentErrors: 0,
      numberTestsCompleted: 0,
      numberTestsTotal: 0,
      numberTestErrors: 0,
      createdBy: deploys.userId,
      createdByName: 'Local Admin',
      createdDate: now,
      startDate: now,
      lastModifiedDate: now,
      completedDate: null,
      errorMessage: null,
      errorStatusCode: null,
      stateDetail: null,
      details: { componentSuccesses: [], componentFailures: [] },
    },
  };
  registry(deploys).set(id, record);
  void runDeploy(deploys, record, zip);
  return record;
}

async function runDeploy(deploys: MetadataDeploys, record: DeployRecord, zip: Buffer): Promise<void> {
  const result = record.deployResult;
  result.status = 'InProgress';
  const finish = (status: string) => {
    const now = formatDateTime(new Date());
    Object.assign(result, {
      status,
      done: true,
      success: status === 'Succeeded',
      completedDate: now,
      lastModifiedDate: now,
    });
  };
  try {
    const tree = await ZipTreeContainer.create(zip);
    const components = ComponentSet.fromSource({ fsPaths: ['.'], tree });
    const sources = components.getSourceComponents().toArray();
    const project = layOver(deploys.projectDir());
    deploys.tempDirs.push(project);
    const packageDir = path.join(project, readSfdxProject(project).packageDirectories[0].path);
    const now = formatDateTime(new Date());
    await new MetadataConverter().convert(components, 'source', {
      type: 'directory',
      outputDirectory: packageDir,
      genUniqueDir: false,
    });
    const messages = deployedComponents(sources, packageDir).map((c) => ({
      changed: true,
      componentType: c.type.name,
      created: false,
      createdDate: now,
      deleted: false,
      fileName: metadataFileName(c),
      fullName: c.fullName,
      success: true,
    }));
    result.numberComponentsTotal = messages.length;
    const failures = checkDeployedProject(project);
    if (failures.length > 0) return fail(result, failures, finish);
    if (!record.deployOptions.checkOnly) await deploys.reload(project);
    result.details.componentSuccesses = [
      {
        changed: true,
        componentType: '',
        created: false,
        createdDate: now,
        deleted: false,
        fileName: 'package.xml',
        fullName: 'package.xml',
        success: true,
      },
      ...messages,
    ];
    result.numberComponentsDeployed = messages.length;
    finish('Succeeded');
  } catch (error) {
    const message = (error as Error).message;
    result.details.componentFailures = [
      {
        changed: false,
        componentType: '',
        created: false,
        createdDate: formatDateTime(new Date()),
        deleted: false,
        fileName: 'package.xml',
        fullName: 'package.xml',
        success: false,
        problem: message,
        problemType: 'Error',
      },
    ];
    result.numberComponentErrors = 1;
    result.errorMessage = message;
    finish('Failed');
  }
}

/**
 * Salesforce reports every component deployed, a field as well as its object. A zip cannot list an object's fields
 * (SDR reads children from files), so they are read from the deployed components' source after conversion.
 */
function deployedComponents(deployed: SourceComponent[], packageDir: string): SourceComponent[] {
  const converted = new Map(
    ComponentSet.fromSource({ fsPaths: [packageDir] })
      .getSourceComponents()
      .toArray()
      .map((c) => [`${c.type.name}:${c.fullName}`, c]),
  );
  return deployed.flatMap((c) => {
    const local = converted.get(`${c.type.name}:${c.fullName}`);
    return local ? [local, ...local.getChildren()] : [c];
  });
}

/** Salesforce fails the whole deploy (rollbackOnError) and lists every component it refused. */
function fail(
  result: DeployRecord['deployResult'],
  failures: ComponentFailure[],
  finish: (status: string) => void,
): void {
  const now = formatDateTime(new Date());
  result.details.componentFailures = failures.map((f) => ({
    ...f,
    changed: false,
    created: false,
    createdDate: now,
    deleted: false,
    success: false,
  }));
  result.numberComponentErrors = failures.length;
  result.numberComponentsDeployed = 0;
  finish('Failed');
}

/** A temporary copy of the project (sfdx-project.json and its package directories) to deploy onto. */
function layOver(projectDir: string): string {
  const target = mkdtempSync(path.join(tmpdir(), 'local-org-deploy-'));
  const project = readSfdxProject(projectDir);
  cpSync(path.join(projectDir, 'sfdx-project.json'), path.join(target, 'sfdx-project.json'));
  for (const dir of project.packageDirectories) {
    const from = path.join(projectDir, dir.path);
    mkdirSync(path.join(target, dir.path), { recursive: true });
    try {
      cpSync(from, path.join(target, dir.path), { recursive: true });
    } catch {
      writeFileSync(path.join(target, dir.path, '.keep'), '');
    }
  }
  return target;
}

/** Parts of a multipart/form-data body by name. */
function multipart(body: Buffer, contentType: string): Map<string, Buffer> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new SfError('INVALID_MULTIPART_REQUEST', 'Expected a multipart/form-data body');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts = new Map<string, Buffer>();
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString();
    const name = /name="([^"]+)"/i.exec(headers)?.[1];
    if (name) parts.set(name, part.subarray(headerEnd + 4));
    start = next;
  }
  return parts;
}
