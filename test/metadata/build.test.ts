import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_DIR } from '../../scripts/metadata/index.ts';
import { projectCopy } from './broken-copy.ts';

const run = promisify(execFile);
type Outcome = { stdout: string; stderr: string; code: number };
const nome = (...args: string[]): Promise<Outcome> =>
  run(process.execPath, [path.join(PROJECT_DIR, 'scripts/nome.js'), ...args], { cwd: PROJECT_DIR }).then(
    (ok) => ({ ...ok, code: 0 }),
    (failed: Outcome) => failed,
  );
const outputDir = mkdtempSync(path.join(os.tmpdir(), 'nome-build-test-'));
afterAll(() => rmSync(outputDir, { recursive: true, force: true }));

describe('nome metadata build', () => {
  it('writes package.xml and a deployable zip of every component', async () => {
    const { stdout } = await nome('metadata', 'build', '--output-dir', outputDir, '--json');
    const { status, result } = JSON.parse(stdout);
    expect(status).toBe(0);
    expect(existsSync(result.zipFile)).toBe(true);
    const packageXml = readFileSync(result.packageXml, 'utf8');
    for (const type of ['CustomObject', 'CustomField', 'PermissionSet', 'CustomTab', 'CustomApplication', 'ListView']) {
      expect(packageXml).toContain(`<name>${type}</name>`);
    }
    expect(packageXml).toContain('<members>Metronome_Invoice__c.Status__c</members>');
    expect(packageXml).toMatch(/<version>\d+\.0<\/version>/);
    expect(existsSync(path.join(outputDir, 'metadata', 'objects', 'Metronome_Invoice__c.object'))).toBe(true);
  });

  it('builds a checkout that lives below a folder named like a metadata folder', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'nome-build-parent-'));
    const checkout = path.join(parent, 'lwc', 'checkout');
    try {
      mkdirSync(checkout, { recursive: true });
      cpSync(path.join(PROJECT_DIR, 'sfdx-project.json'), path.join(checkout, 'sfdx-project.json'));
      cpSync(path.join(PROJECT_DIR, '.forceignore'), path.join(checkout, '.forceignore'));
      cpSync(path.join(PROJECT_DIR, 'force-app'), path.join(checkout, 'force-app'), { recursive: true });
      const { stdout } = await nome(
        'metadata',
        'build',
        '--project-dir',
        checkout,
        '--output-dir',
        path.join(parent, 'out'),
        '--json',
      );
      const { result } = JSON.parse(stdout);
      expect(existsSync(path.join(result.outputDir, 'metadata', 'objects', 'Metronome_Invoice__c.object'))).toBe(true);
      expect(readFileSync(result.packageXml, 'utf8')).toContain('<name>LightningComponentBundle</name>');
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('refuses to build broken metadata and names the file and field', async () => {
    const copy = projectCopy();
    try {
      copy.replace(
        copy.fieldFile('Metronome_Credit_Grant__c', 'Reason__c'),
        '<length>255</length>',
        '<length>300</length>',
      );
      const failed = await nome('metadata', 'build', '--project-dir', copy.dir, '--output-dir', outputDir);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(
        'force-app/main/default/objects/Metronome_Credit_Grant__c/fields/Reason__c.field-meta.xml: Metronome_Credit_Grant__c.Reason__c: Text length 300',
      );
    } finally {
      copy.remove();
    }
  });
});

describe('nome metadata lint --json', () => {
  it('reports the problems as data and exits non-zero', async () => {
    const copy = projectCopy();
    try {
      copy.replace(
        copy.fieldFile('Metronome_Invoice__c', 'Total__c'),
        '<precision>16</precision>',
        '<precision>20</precision>',
      );
      const failed = await nome('metadata', 'lint', '--project-dir', copy.dir, '--json');
      expect(failed.code).toBe(1);
      const doc = JSON.parse(failed.stdout);
      expect(doc).toMatchObject({ status: 1, name: 'MetadataLintError' });
      expect(doc.data.problems).toEqual([
        expect.objectContaining({ rule: 'field-size', component: 'Metronome_Invoice__c.Total__c' }),
      ]);
    } finally {
      copy.remove();
    }
  });
});
