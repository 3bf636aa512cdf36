/**
 * The Metadata API's read side for the local org: retrieve / checkRetrieveStatus (a metadata-format zip of the
 * components a package.xml names, built with SDR from the project the org's schema currently comes from, so a
 * deploy is retrieved back), listMetadata (FileProperties per type) and describeMetadata (the types the org holds).
 */
import path from 'node:path';
import {
  ComponentSet,
  MetadataConverter,
  RegistryAccess,
  type SourceComponent,
} from '@salesforce/source-deploy-retrieve';
import JSZip from 'jszip';
import { readSfdxProject } from '../metadata/index.ts';
import { formatDateTime } from './values.ts';

/** What retrieves need of the org's deploys (deploy.ts imports this module, so this one cannot import it). */
interface DeployedProject {
  /** The SFDX project the org's schema currently comes from. */
  projectDir: () => string;
  /** A fresh ID with the given key prefix. */
  newId: (prefix: string) => string;
  userId: string;
}

type Node = Record<string, unknown>;

interface FileProperties {
  createdById: string;
  createdByName: string;
  createdDate: string;
  fileName: string;
  fullName: string;
  id: string;
  lastModifiedById: string;
  lastModifiedByName: string;
  lastModifiedDate: string;
  manageableState: 'unmanaged';
  type: string;
}

interface RetrieveRecord {
  id: string;
  done: boolean;
  status: 'Pending' | 'InProgress' | 'Succeeded' | 'Failed';
  zipFile?: string;
  fileProperties: FileProperties[];
  messages: { fileName: string; problem: string }[];
  errorMessage?: string;
}

export class Retrieves {
  private readonly records = new Map<string, RetrieveRecord>();

  private readonly deploys: DeployedProject;

  constructor(deploys: DeployedProject) {
    this.deploys = deploys;
  }

  /** `retrieve(request)`: an AsyncResult; the zip is built in the background. */
  start(request: Node): { done: boolean; id: string; state: string } {
    const record: RetrieveRecord = {
      id: this.deploys.newId('09S'),
      done: false,
      status: 'InProgress',
      fileProperties: [],
      messages: [],
    };
    this.records.set(record.id, record);
    void this.build(record, request);
    return { done: false, id: record.id, state: 'InProgress' };
  }

  status(id: string, includeZip: boolean): Node {
    const record = this.records.get(id);
    if (!record)
      return {
        done: true,
        id,
        status: 'Failed',
        success: false,
        errorMessage: `INVALID_ID_FIELD: invalid id: ${id}`,
        errorStatusCode: 'INVALID_ID_FIELD',
      };
    return {
      done: record.done,
      fileProperties: record.fileProperties,
      id,
      messages: record.messages,
      status: record.status,
      success: record.status === 'Succeeded',
      ...(record.errorMessage ? { errorMessage: record.errorMessage, errorStatusCode: 'UNKNOWN_EXCEPTION' } : {}),
      ...(includeZip && record.zipFile ? { zipFile: record.zipFile } : {}),
    };
  }

  asyncResult(id: string): Node {
    const record = this.records.get(id);
    return { done: record?.done ?? true, id, state: record ? (record.done ? 'Completed' : 'InProgress') : 'Error' };
  }

  private async build(record: RetrieveRecord, request: Node): Promise<void> {
    try {
      const unpackaged = (request.unpackaged ?? {}) as Node;
      const wanted = ((unpackaged.types ?? []) as Node[]).map((t) => ({
        name: String(t.name ?? ''),
        members: ((t.members ?? []) as unknown[]).map(String),
      }));
      const all = projectComponents(this.deploys);
      const chosen = all.filter((c) => wanted.some((t) => matches(c, t.name, t.members)));
      const missing = wanted.flatMap((t) =>
        t.members
          .filter((m) => m !== '*' && !all.some((c) => c.type.name === t.name && c.fullName === m))
          .map((m) => ({ type: t.name, member: m })),
      );
      record.messages = missing.map((m) => ({
        fileName: 'unpackaged/package.xml',
        problem: `Entity of type '${m.type}' named '${m.member}' cannot be found`,
      }));
      const set = new ComponentSet(chosen);
      set.apiVersion = String(
        unpackaged.version ?? request.apiVersion ?? readSfdxProject(this.deploys.projectDir()).sourceApiVersion,
      );
      // Salesforce nests an unpackaged retrieve under unpackaged/ unless singlePackage is set.
      const single = request.singlePackage === 'true';
      const result = await new MetadataConverter().convert(set, 'metadata', { type: 'zip' });
      const zip = result.zipBuffer ?? Buffer.alloc(0);
      record.zipFile = (single ? zip : await nestUnder('unpackaged', zip)).toString('base64');
      record.fileProperties = [
        ...chosen.map((c) => fileProperties(this.deploys, c, single)),
        packageXmlProperties(this.deploys, single),
      ];
      record.status = 'Succeeded';
    } catch (error) {
      record.status = 'Failed';
      record.errorMessage = (error as Error).message;
    }
    record.done = true;
  }
}

/** `listMetadata(queries)`: FileProperties of every component of the queried types (child types such as CustomField too). */
export function listMetadata(deploys: DeployedProject, queries: Node[]): FileProperties[] {
  const types = new Set(queries.map((q) => String(q.type ?? '')));
  const components = projectComponents(deploys).flatMap((c) => [c, ...c.getChildren()]);
  return components.filter((c) => types.has(c.type.name)).map((c) => fileProperties(deploys, c, true));
}

/** `describeMetadata`: the metadata types the org's project holds, as the registry describes them. */
export function describeMetadata(deploys: DeployedProject): Node {
  const registry = new RegistryAccess();
  const names = [...new Set(projectComponents(deploys).map((c) => c.type.name))].sort();
  return {
    metadataObjects: names.map((name) => {
      const type = registry.getTypeByName(name);
      return {
        childXmlNames: Object.values(type.children?.types ?? {}).map((child) => child.name),
        directoryName: type.directoryName,
        inFolder: Boolean(type.inFolder),
        metaFile: Boolean(type.metaFileSuffix),
        suffix: type.suffix ?? null,
        xmlName: type.name,
      };
    }),
    organizationNamespace: readSfdxProject(deploys.projectDir()).namespace,
    partialSaveAllowed: true,
    testRequired: false,
  };
}

function projectComponents(deploys: DeployedProject): SourceComponent[] {
  const projectDir = deploys.projectDir();
  const dirs = readSfdxProject(projectDir).packageDirectories.map((d) => path.join(projectDir, d.path));
  return ComponentSet.fromSource({ fsPaths: dirs }).getSourceComponents().toArray();
}

async function nestUnder(folder: string, zip: Buffer): Promise<Buffer> {
  const source = await JSZip.loadAsync(zip);
  const nested = new JSZip();
  for (const file of Object.values(source.files)) {
    if (!file.dir) nested.file(`${folder}/${file.name}`, await file.async('nodebuffer'));
  }
  return nested.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function matches(component: SourceComponent, type: string, members: string[]): boolean {
  return component.type.name === type && (members.includes('*') || members.includes(component.fullName));
}

/** The file a component travels in within a metadata-format zip (`objects/X__c.object` for its fields too). */
export function metadataFileName(component: SourceComponent): string {
  const holder = component.parent ?? component;
  const suffix = holder.type.suffix;
  return `${holder.type.directoryName}/${holder.fullName}${suffix ? `.${suffix}` : ''}`;
}

function fileProperties(deploys: DeployedProject, component: SourceComponent, single: boolean): FileProperties {
  const fileName = `${single ? '' : 'unpackaged/'}${metadataFileName(component)}`;
  return stamp(deploys, { fileName, fullName: component.fullName, type: component.type.name });
}

function packageXmlProperties(deploys: DeployedProject, single: boolean): FileProperties {
  return stamp(deploys, {
    fileName: `${single ? '' : 'unpackaged/'}package.xml`,
    fullName: `${single ? '' : 'unpackaged/'}package.xml`,
    type: 'Package',
  });
}

function stamp(deploys: DeployedProject, what: Pick<FileProperties, 'fileName' | 'fullName' | 'type'>): FileProperties {
  const now = formatDateTime(new Date());
  return {
    createdById: deploys.userId,
    createdByName: 'Local Admin',
    createdDate: now,
    ...what,
    id: '',
    lastModifiedById: deploys.userId,
    lastModifiedByName: 'Local Admin',
    lastModifiedDate: now,
    manageableState: 'unmanaged',
  };
}
