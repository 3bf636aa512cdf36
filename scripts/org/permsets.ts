/** Assigns the package's permission sets to the org's user, through PermissionSetAssignment records; safe to rerun. */
import type { Org } from '@salesforce/core';
import { ActionableError, explainError } from './errors.ts';
import { loadSchema } from '../metadata/index.ts';
import { soqlList, soqlQuote } from '../salesforce/index.ts';

export interface PermissionSetAssignmentResult {
  username: string;
  assigned: string[];
  alreadyAssigned: string[];
}

/** The permission sets force-app declares (Metronome_User, Metronome_Integration). */
export function packagePermissionSets(projectDir: string): string[] {
  return loadSchema(projectDir).permissionSets.map((p) => p.name);
}

export async function assignPermissionSets(org: Org, names: string[]): Promise<PermissionSetAssignmentResult> {
  const connection = org.getConnection();
  const username = org.getUsername() ?? '';
  const user = await connection.query<{ Id: string }>(`SELECT Id FROM User WHERE Username = ${soqlQuote(username)}`);
  const userId = user.records[0]?.Id;
  if (!userId) throw new ActionableError(`The org has no user named ${username}.`, { name: 'UserNotFoundError' });
  const sets = await connection.query<{ Id: string; Name: string }>(
    `SELECT Id, Name FROM PermissionSet WHERE Name IN ${soqlList(names)}`,
  );
  const missing = names.filter((name) => !sets.records.some((s) => s.Name === name));
  if (missing.length > 0) {
    throw new ActionableError(`The org has no permission set named ${missing.join(', ')}.`, {
      name: 'PermissionSetNotFoundError',
      actions: ['Deploy force-app first: `npx nome org deploy --target-org <alias>`.'],
    });
  }
  const existing = await connection.query<{ PermissionSetId: string }>(
    `SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = ${soqlQuote(userId)} AND PermissionSetId IN ${soqlList(sets.records.map((s) => s.Id))}`,
  );
  const held = new Set(existing.records.map((r) => r.PermissionSetId));
  const assigned: string[] = [];
  for (const set of sets.records.filter((s) => !held.has(s.Id))) {
    const result = await connection
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: userId, PermissionSetId: set.Id });
    if (!result.success) {
      throw new ActionableError(`Cannot assign ${set.Name} to ${username}: ${JSON.stringify(result.errors)}`, {
        name: 'PermissionSetAssignmentError',
      });
    }
    assigned.push(set.Name);
  }
  return { username, assigned, alreadyAssigned: sets.records.filter((s) => held.has(s.Id)).map((s) => s.Name) };
}

/** Runs after a deploy that succeeded: a failure here says so, and how to go on. */
export async function assignAfterDeploy(
  org: Org,
  projectDir: string,
  deployId: string,
): Promise<PermissionSetAssignmentResult> {
  try {
    return await assignPermissionSets(org, packagePermissionSets(projectDir));
  } catch (error) {
    const explained = explainError(error, { step: 'assign the permission sets' });
    throw new ActionableError(`force-app was deployed (${deployId}), but: ${explained.message}`, {
      name: explained.name,
      actions: [...explained.actions, 'Assign them in Setup → Permission Sets, or deploy with --no-permission-sets.'],
      cause: error,
    });
  }
}
