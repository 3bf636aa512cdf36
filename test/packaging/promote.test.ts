import { afterEach, expect, test, vi } from 'vitest';

vi.hoisted(async () => (await import('../org/support/sf-home.ts')).prepareSfHome());

import { fixture, nome } from '../org/support/harness.ts';
import { NEW_VERSION_ID, PACKAGE_ID, startDevHub, type DevHubSetup } from './support.ts';
import { expectContract } from '../cli/contract.ts';

let hub: DevHubSetup | undefined;
afterEach(async () => {
  await hub?.server.close();
  hub = undefined;
});

const withVersion = {
  Metronome: PACKAGE_ID,
  'Metronome@0.9.0-2': '04t5g000000REL1AAA',
  'Metronome@1.0.0-1': NEW_VERSION_ID,
};

test('promotes the latest recorded version by default and prints its install links', async () => {
  hub = await startDevHub([], { aliases: withVersion });
  const run = await nome(
    'package',
    'version',
    'promote',
    '--dev-hub',
    'hub',
    '--project-dir',
    hub.projectDir,
    '--json',
  );
  expect(run.exitCode, run.stdout).toBe(0);
  await expectContract('package version promote', run.json, { mode: 'values' });
  expect(run.json.result).toMatchObject({
    alias: 'Metronome@1.0.0-1',
    subscriberPackageVersionId: NEW_VERSION_ID,
    promoted: true,
  });
  expect(run.json.result.installLinks.production).toBe(
    `https://login.salesforce.com/packaging/installPackage.apexp?p0=${NEW_VERSION_ID}`,
  );
  const [release] = hub.server.find('release version');
  expect(release!.path).toMatch(/\/tooling\/sobjects\/Package2Version\/05i5g000000XYZ1AAA$/);
  expect(JSON.parse(release!.body.toString('utf8'))).toEqual({ IsReleased: true });
  expect(hub.server.unmatched()).toEqual([]);
});

test('accepts an explicit alias or 04t ID', async () => {
  hub = await startDevHub([], { aliases: withVersion });
  const run = await nome(
    'package',
    'version',
    'promote',
    '--dev-hub',
    'hub',
    '--version',
    NEW_VERSION_ID,
    '--project-dir',
    hub.projectDir,
  );
  expect(run.exitCode, run.stderr).toBe(0);
  expect(run.stdout).toContain('Promoted Metronome@1.0.0-1.');
  expect(run.stdout).toContain(`https://test.salesforce.com/packaging/installPackage.apexp?p0=${NEW_VERSION_ID}`);
});

test('an unknown version lists the known ones and sends nothing', async () => {
  hub = await startDevHub([], { aliases: withVersion });
  const run = await nome(
    'package',
    'version',
    'promote',
    '--dev-hub',
    'hub',
    '--version',
    'Metronome@2.0.0-1',
    '--project-dir',
    hub.projectDir,
    '--json',
  );
  expect(run.json.name).toBe('UnknownPackageVersionError');
  expect(run.json.actions!.join(' ')).toContain('Metronome@0.9.0-2, Metronome@1.0.0-1');
  expect(hub.server.find('release version')).toHaveLength(0);
});

test('a version built without coverage: explains how to build one that can be promoted', async () => {
  hub = await startDevHub(fixture('packaging', 'promote-no-coverage'), { aliases: withVersion });
  const run = await nome(
    'package',
    'version',
    'promote',
    '--dev-hub',
    'hub',
    '--project-dir',
    hub.projectDir,
    '--json',
  );
  expect(run.exitCode).toBe(1);
  expect(run.json.name).toBe('CodeCoverageError');
  expect(run.json.message).toContain('Code coverage has not been run for this version');
  expect(run.json.actions!.join(' ')).toContain('--code-coverage');
});

test('no version recorded yet: says to create one', async () => {
  hub = await startDevHub();
  const run = await nome(
    'package',
    'version',
    'promote',
    '--dev-hub',
    'hub',
    '--project-dir',
    hub.projectDir,
    '--json',
  );
  expect(run.json.name).toBe('NoPackageVersionError');
});
