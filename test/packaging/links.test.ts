import { describe, expect, test } from 'vitest';
import {
  installLinks,
  installLinksMarkdown,
  latestVersionAlias,
  resolveSubscriberVersion,
  type PackagingProject,
} from '../../scripts/packaging/index.ts';
import { copyProject, nome } from '../org/support/harness.ts';
import { setAliases } from './support.ts';
import { expectContract } from '../cli/contract.ts';

describe('install links', () => {
  test('production and sandbox links for a 04t ID', () => {
    expect(installLinks('04t5g000000XYZ1AAA')).toEqual({
      subscriberPackageVersionId: '04t5g000000XYZ1AAA',
      production: 'https://login.salesforce.com/packaging/installPackage.apexp?p0=04t5g000000XYZ1AAA',
      sandbox: 'https://test.salesforce.com/packaging/installPackage.apexp?p0=04t5g000000XYZ1AAA',
    });
    expect(installLinksMarkdown('Metronome@1.0.0-1', installLinks('04t5g000000XYZ1AAA'))).toContain(
      '- Sandbox: https://test.salesforce.com/',
    );
  });

  test('anything but a subscriber package version ID is refused', () => {
    expect(() => installLinks('05i5g000000XYZ1AAA')).toThrow(/not a subscriber package version ID/);
    expect(() => installLinks('04t5g0')).toThrow(/not a subscriber package version ID/);
  });
});

describe('version aliases', () => {
  const project = (aliases: Record<string, string>): PackagingProject => ({
    projectDir: '.',
    namespace: 'NOME',
    directory: { path: 'force-app', package: 'Metronome' },
    packageName: 'Metronome',
    packageAliases: aliases,
  });

  test('the latest version compares numerically, not as text', () => {
    const aliases = {
      Metronome: '0Ho5g000000ABCDCA0',
      'Metronome@1.9.0-3': '04t000000000001AAA',
      'Metronome@1.10.0-1': '04t000000000002AAA',
      'Metronome@1.10.0-12': '04t000000000003AAA',
      'Other@9.0.0-1': '04t000000000004AAA',
    };
    expect(latestVersionAlias(project(aliases))).toBe('Metronome@1.10.0-12');
    expect(resolveSubscriberVersion(project(aliases))).toEqual({
      id: '04t000000000003AAA',
      alias: 'Metronome@1.10.0-12',
    });
  });

  test('nome package version links prints the links of a recorded version without any org', async () => {
    const dir = copyProject();
    setAliases(dir, { Metronome: '0Ho5g000000ABCDCA0', 'Metronome@1.0.0-1': '04t5g000000XYZ1AAA' });
    const run = await nome('package', 'version', 'links', '--project-dir', dir, '--json');
    await expectContract('package version links', run.json, { mode: 'values' });
    expect(run.json.result).toMatchObject({
      alias: 'Metronome@1.0.0-1',
      production: 'https://login.salesforce.com/packaging/installPackage.apexp?p0=04t5g000000XYZ1AAA',
    });
  });
});

test('nome package version links for a version that is not recorded names the known ones', async () => {
  const dir = copyProject();
  setAliases(dir, { Metronome: '0Ho5g000000ABCDCA0', 'Metronome@1.0.0-1': '04t5g000000XYZ1AAA' });
  const run = await nome(
    'package',
    'version',
    'links',
    '--version',
    'Metronome@9.9.9-9',
    '--project-dir',
    dir,
    '--json',
  );
  expect(run.exitCode).toBe(1);
  expect(run.json).toMatchObject({
    name: 'UnknownPackageVersionError',
    actions: ['Known versions: Metronome@1.0.0-1.'],
  });
});
