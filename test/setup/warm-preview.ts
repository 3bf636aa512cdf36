/**
 * `npm test` runs this beside the static checks: builds the app preview's bundle into .nome/preview (the cache
 * `nome sync start` and `nome preview start` use) unless it is already there. Two tests start `nome sync start`
 * (test/sync/start.test.ts, test/cli/contracts.test.ts), which starts the preview; on a fresh clone each would
 * otherwise compile the same bundle at the same time, under a test timeout.
 */
import { quietKnownWarnings } from '../../scripts/cli/quiet-warnings.ts';

// Loaded after the known notices are quieted (node:sqlite announces itself when first loaded), as scripts/nome.js does.
quietKnownWarnings();
const { Connection } = await import('jsforce');
const { startLocalOrg } = await import('../../scripts/local-org/index.ts');
const { startPreview } = await import('../../scripts/preview/index.ts');
const { DEFAULT_API_VERSION } = await import('../../scripts/salesforce/connect.ts');

const org = await startLocalOrg();
try {
  const conn = new Connection({
    instanceUrl: org.instanceUrl,
    accessToken: org.accessToken,
    version: DEFAULT_API_VERSION,
  });
  const preview = await startPreview({ conn: conn as never });
  await preview.stop();
} finally {
  await org.stop();
}
