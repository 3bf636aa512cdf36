/** `nome org delete`: deletes a scratch org on its Dev Hub and forgets its local authorization. */
import { Org } from '@salesforce/core';
import { ActionableError, explainError } from './errors.ts';

export interface DeleteResult {
  username: string;
  orgId: string;
}

export async function deleteScratchOrg(org: Org): Promise<DeleteResult> {
  const username = org.getUsername() ?? '';
  const orgId = org.getOrgId();
  // Scratch orgs are the ones a Dev Hub created: their authorization records it.
  const isScratch = Boolean(org.getField(Org.Fields.IS_SCRATCH)) || Boolean(org.getField(Org.Fields.DEV_HUB_USERNAME));
  if (!isScratch) {
    throw new ActionableError(`${username} is not a scratch org; nome org delete only deletes scratch orgs.`, {
      name: 'NotAScratchOrgError',
      actions: ['To only forget a local authorization, run `npx sf org logout --target-org <alias>`.'],
    });
  }
  try {
    await org.delete();
  } catch (error) {
    const name = (error as Error).name;
    if (
      name === 'ScratchOrgNotFoundError' ||
      name === 'ScratchOrgNotFound' ||
      /expired or deleted/.test((error as Error).message)
    ) {
      throw new ActionableError(
        `${username} no longer exists on its Dev Hub (expired or already deleted); its local authorization was removed.`,
        { name: 'ScratchOrgNotFoundError' },
      );
    }
    throw explainError(error, { step: `delete the scratch org ${username}` });
  }
  return { username, orgId };
}
