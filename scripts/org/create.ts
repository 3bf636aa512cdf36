/** `nome org create`: a scratch org from config/project-scratch-def.json, ready to work in. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Org, scratchOrgCreate, type ScratchOrgCreateResult } from '@salesforce/core';
import { readSfdxProject } from '../metadata/index.ts';
import { deploySource, type DeploySummary } from './deploy.ts';
import { ActionableError, explainError, withDeadline } from './errors.ts';
import { loginUrl } from './login-url.ts';
import { minutes } from './polling.ts';
import { assignPermissionSets, packagePermissionSets, type PermissionSetAssignmentResult } from './permsets.ts';
import { seedOrg, type SeedResult, type SyncRunner } from './seed.ts';

export interface ScratchOrgOptions {
  devHub: Org;
  projectDir: string;
  alias?: string;
  durationDays: number;
  definitionFile?: string;
  setDefault: boolean;
  waitMinutes: number;
  deployWaitMinutes: number;
  seed: boolean;
  sandboxCustomers?: number;
  sync?: SyncRunner;
  onStep?: (message: string) => void;
  onProgress?: (progress: { status: string; elapsedMs: number }) => void;
}

export interface ScratchOrgResult {
  username: string;
  orgId: string;
  alias?: string;
  expirationDate?: string;
  loginUrl: string;
  deploy: DeploySummary;
  permissionSets: PermissionSetAssignmentResult;
  seed?: SeedResult;
  warnings: string[];
}

function readDefinition(file: string): string {
  try {
    return JSON.stringify(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new ActionableError(`${file}: cannot read the scratch org definition (${(error as Error).message})`, {
      name: 'InvalidDefinitionError',
    });
  }
}

/** The project's namespace, which the Dev Hub must have linked: named in progress and error messages. */
function readNamespace(projectDir: string): string {
  try {
    return readSfdxProject(projectDir).namespace;
  } catch (error) {
    throw new ActionableError((error as Error).message, { name: 'InvalidProjectError', cause: error });
  }
}

/** The library reads sfdx-project.json (namespace, ancestors) from the working directory. */
async function inProject<T>(projectDir: string, run: () => Promise<T>): Promise<T> {
  const previous = process.cwd();
  process.chdir(projectDir);
  try {
    return await run();
  } finally {
    process.chdir(previous);
  }
}

async function requestScratchOrg(
  options: ScratchOrgOptions,
  definitionjson: string,
  warnings: string[],
): Promise<ScratchOrgCreateResult> {
  const create = (noancestors: boolean) =>
    scratchOrgCreate({
      hubOrg: options.devHub,
      definitionjson,
      durationDays: options.durationDays,
      alias: options.alias,
      setDefault: options.setDefault,
      wait: minutes(Math.max(1, Math.ceil(options.waitMinutes))),
      noancestors,
      tracksSource: true,
    });
  try {
    return await create(false);
  } catch (error) {
    // ancestorVersion HIGHEST with nothing released yet: the org cannot have an ancestor, which is fine for development.
    if ((error as Error).name !== 'NoMatchingAncestorError') throw error;
    warnings.push(
      'No released version of the package exists yet, so the scratch org was created without a package ancestor.',
    );
    return create(true);
  }
}

/** A failed seed leaves a working org behind: say so, and how to seed it again. */
async function seedCreatedOrg(options: ScratchOrgOptions, targetOrg: string, org: Org): Promise<SeedResult> {
  try {
    return await seedOrg({
      targetOrg,
      projectDir: options.projectDir,
      sync: options.sync,
      onStep: options.onStep,
      org,
      sandboxCustomers: options.sandboxCustomers,
    });
  } catch (error) {
    const explained = error instanceof ActionableError ? error : explainError(error, { step: `seed ${targetOrg}` });
    throw new ActionableError(
      `The scratch org ${targetOrg} is created and deployed, but seeding it failed: ${explained.message}`,
      {
        name: explained.name,
        data: explained.data,
        actions: [
          ...explained.actions,
          `Seed it again with \`npx nome org seed --target-org ${targetOrg}\`, or delete it with \`npx nome org delete --target-org ${targetOrg}\`.`,
        ],
      },
    );
  }
}

export async function createScratchOrg(options: ScratchOrgOptions): Promise<ScratchOrgResult> {
  const namespace = readNamespace(options.projectDir);
  const definitionFile = path.resolve(options.projectDir, options.definitionFile ?? 'config/project-scratch-def.json');
  const definitionjson = readDefinition(definitionFile);
  const devHubName = options.devHub.getUsername();
  const warnings: string[] = [];
  const step = options.onStep ?? (() => {});

  step(`Creating a scratch org on ${devHubName} (namespace ${namespace}, ${options.durationDays} day(s))…`);
  let created: ScratchOrgCreateResult;
  try {
    created = await withDeadline(
      options.waitMinutes * 60_000,
      inProject(options.projectDir, () => requestScratchOrg(options, definitionjson, warnings)),
    );
  } catch (error) {
    throw explainError(error, {
      step: 'create the scratch org',
      devHub: devHubName,
      namespace,
      waitFlag: '--wait',
      resume: 'The org may still finish on the Dev Hub: `npx sf org resume scratch --use-most-recent`.',
    });
  }
  warnings.push(...(created.warnings ?? []));
  const username = created.username ?? created.scratchOrgInfo?.SignupUsername;
  if (!username)
    throw new ActionableError('The Dev Hub created the scratch org but returned no username.', {
      name: 'ScratchOrgCreateError',
    });
  const org = await Org.create({ aliasOrUsername: username });

  step(`Deploying force-app to ${username}…`);
  const deploy = await deploySource({
    org,
    projectDir: options.projectDir,
    waitMinutes: options.deployWaitMinutes,
    onProgress: options.onProgress,
  });

  step('Assigning the permission sets…');
  const permissionSets = await assignPermissionSets(org, packagePermissionSets(options.projectDir));

  const seed = options.seed ? await seedCreatedOrg(options, options.alias ?? username, org) : undefined;

  return {
    username,
    orgId: org.getOrgId(),
    alias: options.alias,
    expirationDate: created.scratchOrgInfo?.ExpirationDate,
    loginUrl: (await loginUrl(org)).url,
    deploy,
    permissionSets,
    seed,
    warnings,
  };
}
