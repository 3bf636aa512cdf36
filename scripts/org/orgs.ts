/** Finding the orgs a command talks to, through the sf CLI's own auth store (~/.sf), with errors that say what to do. */
import { ConfigAggregator, Org, OrgConfigProperties } from '@salesforce/core';
import { ActionableError } from './errors.ts';

const LOGIN_ACTIONS = [
  'Authorize your Dev Hub once: `npx sf org login web --set-default-dev-hub --alias devhub` (on a laptop),',
  'or with a JWT connected app (CI): `npx nome org login jwt --username <user> --client-id <key> --jwt-key-file server.key --set-default-dev-hub`.',
];

async function configValue(key: string): Promise<string | undefined> {
  // The aggregator is cached per process; reload so a default set earlier in this process (nome org login jwt) counts.
  const config = await (await ConfigAggregator.create()).reload();
  const value = config.getPropertyValue(key);
  return typeof value === 'string' && value ? value : undefined;
}

/** The Dev Hub named by --dev-hub, else the configured target-dev-hub; it must be a Dev Hub. */
export async function resolveDevHub(devHub?: string): Promise<Org> {
  const name = devHub ?? (await configValue(OrgConfigProperties.TARGET_DEV_HUB));
  if (!name) {
    throw new ActionableError('No Dev Hub is authorized: pass --dev-hub <alias> or set a default Dev Hub.', {
      name: 'NoDevHubError',
      actions: LOGIN_ACTIONS,
    });
  }
  let org: Org;
  try {
    org = await Org.create({ aliasOrUsername: name });
  } catch (error) {
    if ((error as Error).name === 'NamedOrgNotFoundError' || (error as Error).name === 'NoAuthInfoFound') {
      throw new ActionableError(`No Dev Hub is authorized as "${name}" on this machine.`, {
        name: 'NoDevHubError',
        actions: LOGIN_ACTIONS,
      });
    }
    throw error;
  }
  if (!(await org.determineIfDevHubOrg())) {
    throw new ActionableError(`${name} is authorized but is not a Dev Hub (it cannot read ScratchOrgInfo).`, {
      name: 'NotADevHubError',
      actions: ['Enable Dev Hub in that org (Setup → Dev Hub), or pass --dev-hub with your Dev Hub alias.'],
    });
  }
  return org;
}

/** The org named by --target-org, else the configured target-org. */
export async function resolveTargetOrg(targetOrg?: string): Promise<Org> {
  const name = targetOrg ?? (await configValue(OrgConfigProperties.TARGET_ORG));
  if (!name) {
    throw new ActionableError('No target org: pass --target-org <alias or username>.', {
      name: 'NoTargetOrgError',
      actions: [
        'Create a scratch org with `npx nome org create --alias dev`, or authorize an org with `npx sf org login web --alias <alias>`.',
      ],
    });
  }
  try {
    return await Org.create({ aliasOrUsername: name });
  } catch (error) {
    if ((error as Error).name === 'NamedOrgNotFoundError' || (error as Error).name === 'NoAuthInfoFound') {
      throw new ActionableError(`No org is authorized as "${name}" on this machine.`, {
        name: 'NoTargetOrgError',
        actions: [
          'Check the alias with `npx sf org list`, or create the org with `npx nome org create --alias <alias>`.',
        ],
      });
    }
    throw error;
  }
}
