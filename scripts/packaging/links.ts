/** Subscriber install links: what an admin opens to install a package version ("An Install Link provided by your Metronome representative"). */

export interface InstallLinks {
  subscriberPackageVersionId: string;
  production: string;
  sandbox: string;
}

const SUBSCRIBER_VERSION_ID = /^04t[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/;

export function isSubscriberPackageVersionId(id: string): boolean {
  return SUBSCRIBER_VERSION_ID.test(id);
}

export function installLinks(subscriberPackageVersionId: string): InstallLinks {
  if (!isSubscriberPackageVersionId(subscriberPackageVersionId)) {
    throw new Error(`${subscriberPackageVersionId} is not a subscriber package version ID (04t…, 15 or 18 characters)`);
  }
  const path = `/packaging/installPackage.apexp?p0=${subscriberPackageVersionId}`;
  return {
    subscriberPackageVersionId,
    production: `https://login.salesforce.com${path}`,
    sandbox: `https://test.salesforce.com${path}`,
  };
}

/** Markdown for a CI run summary ($GITHUB_STEP_SUMMARY) or release notes. */
export function installLinksMarkdown(version: string, links: InstallLinks): string {
  return [
    `### ${version} (${links.subscriberPackageVersionId})`,
    '',
    `- Production / Developer Edition: ${links.production}`,
    `- Sandbox: ${links.sandbox}`,
    '',
  ].join('\n');
}
