import { afterEach, expect, test, vi } from 'vitest';

vi.hoisted(async () => (await import('../org/support/sf-home.ts')).prepareSfHome());

import { fixture, nome, readProjectJson } from '../org/support/harness.ts';
import { PACKAGE_ID, startDevHub, type DevHubSetup } from './support.ts';
import { expectContract } from '../cli/contract.ts';

let hub: DevHubSetup | undefined;
afterEach(async () => {
  await hub?.server.close();
  hub = undefined;
});

test('registers the managed package with the project namespace and records its 0Ho ID only', async () => {
  hub = await startDevHub(fixture('packaging', 'package-create'), { aliases: {} });
  const before = readProjectJson(hub.projectDir);
  const run = await nome('package', 'create', '--dev-hub', 'hub', '--project-dir', hub.projectDir, '--json');
  expect(run.exitCode, run.stdout).toBe(0);
  await expectContract('package create', run.json, { mode: 'values' });
  expect(run.json.result).toEqual({ packageName: 'Metronome', packageId: PACKAGE_ID, namespace: 'NOME' });
  const [create] = hub.server.find('create Package2');
  expect(JSON.parse(create!.body.toString('utf8'))).toMatchObject({
    Name: 'Metronome',
    NamespacePrefix: 'NOME',
    ContainerOptions: 'Managed',
    IsOrgDependent: false,
  });
  const after = readProjectJson(hub.projectDir);
  expect(after.packageAliases).toEqual({ Metronome: PACKAGE_ID });
  expect(after.packageDirectories).toEqual(before.packageDirectories);
});

test('the namespace is not linked to the Dev Hub: says how to link it', async () => {
  hub = await startDevHub(fixture('packaging', 'package-create-namespace-not-linked'), { aliases: {} });
  const run = await nome('package', 'create', '--dev-hub', 'hub', '--project-dir', hub.projectDir, '--json');
  expect(run.exitCode).toBe(1);
  expect(run.json.name).toBe('NamespaceNotLinkedError');
  expect(run.json.message).toContain(
    'the namespace NOME is not linked to the Dev Hub release@metronome-devhub.example',
  );
  expect(run.json.actions!.join(' ')).toContain('Namespace Registries');
  expect(readProjectJson(hub.projectDir).packageAliases).toEqual({});
});

test('an already registered package is not created twice', async () => {
  hub = await startDevHub(fixture('packaging', 'package-create'));
  const run = await nome('package', 'create', '--dev-hub', 'hub', '--project-dir', hub.projectDir, '--json');
  expect(run.json.name).toBe('PackageExistsError');
  expect(hub.server.find('create Package2')).toHaveLength(0);
});
