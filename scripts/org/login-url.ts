import type { Org } from '@salesforce/core';

/**
 * A single-use login URL (Org.getFrontDoorUrl → /services/oauth2/singleaccess) when the org offers one, else the
 * org's instance URL: never a URL carrying the session ID, so printing it in a CI log leaks nothing lasting.
 */
export async function loginUrl(org: Org): Promise<{ url: string; singleUse: boolean }> {
  try {
    return { url: await org.getFrontDoorUrl(), singleUse: true };
  } catch {
    return { url: org.getConnection().instanceUrl, singleUse: false };
  }
}
