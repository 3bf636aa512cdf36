import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';

vi.hoisted(async () => (await import('../org/support/sf-home.ts')).prepareSfHome());

import { authorize, fixture, nome, readProjectJson } from '../org/support/harness.ts';
import { multipartParts } from '../org/support/recorded-server.ts';
import { NEW_VERSION_ID, PACKAGE_ID, startDevHub, type DevHubSetup } from './support.ts';
import { expectContract } from '../cli/contract.ts';

let hub: DevHubSetup | undefined;
afterEach(async () => {
  await hub?.server.close();
  hub = undefined;
  delete process.env.GITHUB_STEP_SUMMARY;
});

function createRequestEntity(setup: DevHubSetup) {
  const [request] = setup.server.find('create version request');
  expect(request, 'the Package2VersionCreateRequest POST').toBeDefined();
  const parts = multipartParts(request!);
  const entity = JSON.parse(parts.find((p) => p.name === 'Package2VersionCreateRequest')!.data.toString('utf8'));
  const zip = parts.find((p) => p.name === 'VersionInfo')!;
  return { entity, zip };
}

describe('nome package version create', () => {
  beforeEach(async () => {
    hub = await startDevHub();
  });

  test('builds the version, records its alias in sfdx-project.json and prints both install links', async () => {
    const run = await nome(
      'package',
      'version',
      'create',
      '--dev-hub',
      'hub',
      '--installation-key-bypass',
      '--project-dir',
      hub!.projectDir,
      '--json',
    );
    expect(run.exitCode, run.stdout).toBe(0);
    await expectContract('package version create', run.json, { mode: 'values' });
    expect(run.json.result).toMatchObject({
      alias: 'Metronome@1.0.0-1',
      subscriberPackageVersionId: NEW_VERSION_ID,
      packageVersionId: '05i5g000000XYZ1AAA',
      createRequestId: '08c5g000000XYZ1AAA',
      versionNumber: '1.0.0.1',
      promoted: false,
      installLinks: {
        production: `https://login.salesforce.com/packaging/installPackage.apexp?p0=${NEW_VERSION_ID}`,
        sandbox: `https://test.salesforce.com/packaging/installPackage.apexp?p0=${NEW_VERSION_ID}`,
      },
    });
    expect(readProjectJson(hub!.projectDir).packageAliases).toEqual({
      Metronome: PACKAGE_ID,
      'Metronome@1.0.0-1': NEW_VERSION_ID,
    });
    // The rest of sfdx-project.json is untouched.
    expect(readProjectJson(hub!.projectDir).packageDirectories).toEqual(
      readProjectJson(path.resolve('.')).packageDirectories,
    );
    expect(hub!.server.unmatched()).toEqual([]);
  });

  test('sends the force-app build as a multipart VersionInfo zip for the registered package, without a key when bypassed', async () => {
    await nome(
      'package',
      'version',
      'create',
      '--dev-hub',
      'hub',
      '--installation-key-bypass',
      '--project-dir',
      hub!.projectDir,
      '--json',
    );
    const { entity, zip } = createRequestEntity(hub!);
    expect(entity).toMatchObject({ Package2Id: PACKAGE_ID, CalculateCodeCoverage: false, SkipValidation: false });
    expect(entity.InstallKey).toBeUndefined();
    expect(zip.contentType).toBe('application/zip');
    expect(zip.data.subarray(0, 2).toString('latin1')).toBe('PK');
    // The ancestor is the highest released version (ancestorVersion HIGHEST in sfdx-project.json).
    expect(hub!.server.find('highest released ancestor')).toHaveLength(1);
  });

  test('shows progress while the Dev Hub builds, then the links, and publishes them to the GitHub run summary', async () => {
    const summary = path.join(mkdtempSync(path.join(os.tmpdir(), 'nome-summary-')), 'summary.md');
    process.env.GITHUB_STEP_SUMMARY = summary;
    const run = await nome(
      'package',
      'version',
      'create',
      '--dev-hub',
      'hub',
      '--installation-key-bypass',
      '--project-dir',
      hub!.projectDir,
    );
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Package version create: Queued/);
    expect(run.stderr).toMatch(/Package version create: VerifyingMetadata/);
    expect(run.stdout).toContain('Created Metronome@1.0.0-1 (04t5g000000XYZ1AAA)');
    expect(run.stdout).toContain(
      `Production: https://login.salesforce.com/packaging/installPackage.apexp?p0=${NEW_VERSION_ID}`,
    );
    expect(run.stdout).toContain(
      `Sandbox:    https://test.salesforce.com/packaging/installPackage.apexp?p0=${NEW_VERSION_ID}`,
    );
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toContain('### Metronome@1.0.0-1');
    expect(markdown).toContain(`https://test.salesforce.com/packaging/installPackage.apexp?p0=${NEW_VERSION_ID}`);
  });

  test('sends the installation key to the Dev Hub but never prints it', async () => {
    const run = await nome(
      'package',
      'version',
      'create',
      '--dev-hub',
      'hub',
      '--installation-key',
      'k3y-S3cret!',
      '--project-dir',
      hub!.projectDir,
    );
    expect(run.exitCode).toBe(0);
    expect(createRequestEntity(hub!).entity.InstallKey).toBe('k3y-S3cret!');
    expect(run.stdout + run.stderr).not.toContain('k3y-S3cret!');
  });

  test('--promote computes coverage and releases the new version', async () => {
    const run = await nome(
      'package',
      'version',
      'create',
      '--dev-hub',
      'hub',
      '--installation-key-bypass',
      '--promote',
      '--project-dir',
      hub!.projectDir,
      '--json',
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.json.result.promoted).toBe(true);
    expect(createRequestEntity(hub!).entity.CalculateCodeCoverage).toBe(true);
    const [release] = hub!.server.find('release version');
    expect(JSON.parse(release!.body.toString('utf8'))).toEqual({ IsReleased: true });
  });

  test('--promote that fails after a good build says the version exists, with its ID, alias and links', async () => {
    await hub!.server.close();
    hub = await startDevHub(fixture('packaging', 'promote-no-coverage'));
    const run = await nome(
      'package',
      'version',
      'create',
      '--dev-hub',
      'hub',
      '--installation-key-bypass',
      '--promote',
      '--project-dir',
      hub.projectDir,
      '--json',
    );
    expect(run.exitCode).toBe(1);
    expect(run.json.name).toBe('CodeCoverageError');
    expect(run.json.message).toMatch(
      /^Version Metronome@\S+ \(04t5g000000XYZ1AAA\) was built and recorded in sfdx-project.json, but it is not promoted: /,
    );
    expect(run.json.data).toMatchObject({
      subscriberPackageVersionId: NEW_VERSION_ID,
      installLinks: { production: expect.stringContaining(NEW_VERSION_ID) },
    });
    expect(run.json.actions!.join(' ')).toContain(`npx nome package version promote --version ${run.json.data.alias}`);
    expect(readProjectJson(hub.projectDir).packageAliases[run.json.data.alias]).toBe(NEW_VERSION_ID);
  });

  test('refuses to guess between an installation key and none', async () => {
    const run = await nome(
      'package',
      'version',
      'create',
      '--dev-hub',
      'hub',
      '--project-dir',
      hub!.projectDir,
      '--json',
    );
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'InvalidFlagsError' });
    expect(run.json.actions!.join(' ')).toContain('--installation-key-bypass');
    expect(hub!.server.find('create version request')).toHaveLength(0);
  });
});

describe('nome package version create: failures', () => {
  test('no Dev Hub authorized: says how to authorize one', async () => {
    const run = await nome('package', 'version', 'create', '--installation-key-bypass', '--json');
    expect(run.exitCode).toBe(1);
    expect(run.json.name).toBe('NoDevHubError');
    expect(run.json.message).toMatch(/No Dev Hub is authorized/);
    expect(run.json.actions!.join('\n')).toMatch(/nome org login jwt/);
  });

  test('an org that is not a Dev Hub: says so and how to enable it', async () => {
    hub = await startDevHub(fixture('org', 'sandbox-auth'));
    await authorize(hub.server.url, 'SANDBOX_TOKEN', 'uat');
    const run = await nome(
      'package',
      'version',
      'create',
      '--dev-hub',
      'uat',
      '--installation-key-bypass',
      '--project-dir',
      hub.projectDir,
      '--json',
    );
    expect(run.json.name).toBe('NotADevHubError');
    expect(run.json.actions!.join(' ')).toContain('Setup → Dev Hub');
    expect(hub.server.find('create version request')).toHaveLength(0);
  });

  test('the package is not registered yet: points at nome package create', async () => {
    hub = await startDevHub([], { aliases: {} });
    const run = await nome(
      'package',
      'version',
      'create',
      '--dev-hub',
      'hub',
      '--installation-key-bypass',
      '--project-dir',
      hub.projectDir,
      '--json',
    );
    expect(run.json.name).toBe('PackageNotCreatedError');
    expect(run.json.actions!.join(' ')).toContain('nome package create');
  });

  test('the Dev Hub does not own the package: names the Dev Hub and the alias to check', async () => {
    hub = await startDevHub(fixture('packaging', 'version-create-wrong-devhub'));
    const run = await nome(
      'package',
      'version',
      'create',
      '--dev-hub',
      'hub',
      '--installation-key-bypass',
      '--project-dir',
      hub.projectDir,
      '--json',
    );
    expect(run.json.name).toBe('PackageNotOnDevHubError');
    expect(run.json.actions!.join(' ')).toContain('release@metronome-devhub.example');
  });

  test('a failed build lists every component error the Dev Hub reports, and records no alias', async () => {
    hub = await startDevHub(fixture('packaging', 'version-create-build-error'));
    const run = await nome(
      'package',
      'version',
      'create',
      '--dev-hub',
      'hub',
      '--installation-key-bypass',
      '--project-dir',
      hub.projectDir,
      '--json',
    );
    expect(run.exitCode).toBe(1);
    expect(run.json.name).toBe('PackageVersionCreateError');
    expect(run.json.message).toContain(
      'Metronome_Invoice__c.Total__c: Field Amount__c does not exist. Check spelling. (line 3)',
    );
    expect(run.json.message).toContain('no CustomField named Metronome_Invoice__c.Amount__c');
    expect(readProjectJson(hub.projectDir).packageAliases).toEqual({ Metronome: PACKAGE_ID });
  });

  test('the very first version (nothing released for ancestorVersion HIGHEST) is built without an ancestor, and says so', async () => {
    hub = await startDevHub(fixture('packaging', 'version-create-no-ancestor'));
    const before = readProjectJson(hub.projectDir);
    const run = await nome(
      'package',
      'version',
      'create',
      '--dev-hub',
      'hub',
      '--installation-key-bypass',
      '--project-dir',
      hub.projectDir,
      '--json',
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.json.result.warnings.join(' ')).toContain(
      'No version of Metronome is released yet, so this version has no ancestor',
    );
    // Only the alias changes in sfdx-project.json: HIGHEST stays for the versions after the first promotion.
    const after = readProjectJson(hub.projectDir);
    expect(after.packageDirectories).toEqual(before.packageDirectories);
    expect((after.packageDirectories as { ancestorVersion: string }[])[0]!.ancestorVersion).toBe('HIGHEST');
    expect(after.packageAliases['Metronome@1.0.0-1']).toBe(NEW_VERSION_ID);
  });

  test('the build outlasting --wait is a step timeout that says how to follow it up', async () => {
    // Keep the request queued for longer than the wait allows.
    const queued = fixture('packaging', 'version-create').find((r) => r.name === 'request status: queued')!;
    hub = await startDevHub([{ ...queued, times: undefined }]);
    const run = await nome(
      'package',
      'version',
      'create',
      '--dev-hub',
      'hub',
      '--installation-key-bypass',
      '--wait',
      '0.002',
      '--project-dir',
      hub.projectDir,
      '--json',
    );
    expect(run.exitCode).toBe(1);
    expect(run.json.name).toBe('StepTimeoutError');
    expect(run.json.message).toContain('create the package version');
    expect(run.json.actions!.join(' ')).toMatch(/--wait/);
    expect(readProjectJson(hub.projectDir).packageAliases).toEqual({ Metronome: PACKAGE_ID });
  });
});
