/**
 * Deploys force-app with source-deploy-retrieve through the Metadata API's REST endpoint
 * (POST /services/data/vXX/metadata/deployRequest, then GET …/deployRequest/<id>?includeDetails=true), which
 * Salesforce orgs and the local org (where a deploy is a schema reload) both serve.
 */
import path from 'node:path';
import type { Org } from '@salesforce/core';
import { ComponentSet, type DeployResult, type FileResponseFailure } from '@salesforce/source-deploy-retrieve';
import { readSfdxProject } from '../metadata/index.ts';
import { minutes, pollInterval } from './polling.ts';
import { ActionableError, explainError } from './errors.ts';

export interface DeployOptions {
  org: Org;
  projectDir: string;
  waitMinutes: number;
  onProgress?: (progress: { status: string; elapsedMs: number }) => void;
}

export interface DeploySummary {
  id: string;
  targetOrg: string;
  status: string;
  componentsDeployed: number;
  componentsTotal: number;
}

export interface ComponentFailure {
  type: string;
  component: string;
  file?: string;
  line?: number;
  column?: number;
  problem: string;
}

/** One line per failure: `objects/X/fields/Y.field-meta.xml:3:7  CustomField X.Y: problem`. */
export function describeFailures(failures: ComponentFailure[], projectDir: string): string {
  return failures
    .map((f) => {
      const where = f.file
        ? `${path.relative(projectDir, f.file)}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}  `
        : '';
      return `  ${where}${f.type} ${f.component}: ${f.problem}`;
    })
    .join('\n');
}

type RawFailure = {
  componentType?: string;
  fullName?: string;
  fileName?: string;
  lineNumber?: string | number;
  columnNumber?: string | number;
  problem?: string;
};

/** Failures with local file paths where SDR can map them, else as the org reported them (fileName is then the zip path). */
export function failuresOf(result: DeployResult): ComponentFailure[] {
  const fromFiles = result
    .getFileResponses()
    .filter((r): r is FileResponseFailure => r.state === 'Failed')
    .map((r) => ({
      type: r.type,
      component: r.fullName,
      file: r.filePath,
      line: r.lineNumber,
      column: r.columnNumber,
      problem: r.error,
    }));
  if (fromFiles.length > 0) return fromFiles;
  const raw = result.response.details?.componentFailures;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as RawFailure[];
  return list.map((f) => ({
    type: f.componentType ?? 'Component',
    component: f.fullName ?? '(unnamed)',
    file: f.fileName,
    line: f.lineNumber === undefined ? undefined : Number(f.lineNumber),
    column: f.columnNumber === undefined ? undefined : Number(f.columnNumber),
    problem: f.problem ?? 'failed',
  }));
}

export async function deploySource(options: DeployOptions): Promise<DeploySummary> {
  // Only the project file is read here: judging the metadata is the org's job (and `nome metadata lint`'s).
  const project = readSfdxProject(options.projectDir);
  const components = ComponentSet.fromSource(
    project.packageDirectories.map((dir) => path.join(options.projectDir, dir.path)),
  );
  components.sourceApiVersion = project.sourceApiVersion;
  const targetOrg = options.org.getUsername() ?? 'the target org';
  const started = Date.now();
  let result: DeployResult;
  try {
    const deploy = await components.deploy({
      usernameOrConnection: options.org.getConnection(),
      apiOptions: { rest: true },
    });
    deploy.onUpdate((response) =>
      options.onProgress?.({
        status: `${response.status} (${response.numberComponentsDeployed}/${response.numberComponentsTotal} components)`,
        elapsedMs: Date.now() - started,
      }),
    );
    result = await deploy.pollStatus({ frequency: pollInterval(2_000), timeout: minutes(options.waitMinutes) });
  } catch (error) {
    throw explainError(error, {
      step: `deploy force-app to ${targetOrg}`,
      waitFlag: '--wait',
      resume: 'The deploy keeps running in the org: see Setup → Deployment Status.',
    });
  }
  const response = result.response;
  if (!response.success) {
    const failures = failuresOf(result);
    throw new ActionableError(
      `Deploying force-app to ${targetOrg} failed (${response.status}, ${failures.length} component error(s)):\n${describeFailures(failures, options.projectDir)}`,
      {
        name: 'DeployFailedError',
        data: { id: response.id, failures },
        actions: ['Fix the file and line named above, run `npx nome metadata lint`, then deploy again.'],
      },
    );
  }
  return {
    id: response.id,
    targetOrg,
    status: response.status,
    componentsDeployed: Number(response.numberComponentsDeployed),
    componentsTotal: Number(response.numberComponentsTotal),
  };
}
