/**
 * A throwaway sf state directory per test file: HOME points at a temp folder, so @salesforce/core keeps the auth
 * files, aliases and config it writes there (plain-text keychain, no telemetry) and nothing touches the developer's ~/.sf.
 * Call prepareSfHome() from vi.hoisted(), before @salesforce/core is imported.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function prepareSfHome(): string {
  const home = mkdtempSync(path.join(os.tmpdir(), 'nome-sf-home-'));
  process.env.HOME = home;
  process.env.USERPROFILE = home;
  process.env.SF_USE_GENERIC_UNIX_KEYCHAIN = 'true';
  process.env.SFDX_USE_GENERIC_UNIX_KEYCHAIN = 'true';
  process.env.SF_DISABLE_TELEMETRY = 'true';
  process.env.SF_DISABLE_AUTOUPDATE = 'true';
  process.env.SF_LOG_LEVEL = 'fatal';
  process.env.NOME_POLL_INTERVAL_MS = '5';
  delete process.env.GITHUB_STEP_SUMMARY;
  delete process.env.SF_TARGET_ORG;
  delete process.env.SF_TARGET_DEV_HUB;
  return home;
}
