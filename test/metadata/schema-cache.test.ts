import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const LOADER = pathToFileURL(path.resolve('scripts/metadata/index.ts')).href;
const dir = mkdtempSync(path.join(tmpdir(), 'schema-cache-'));
const project = path.join(dir, 'project');
const cacheDir = path.join(dir, 'compile-cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh process with Node's compile cache on: the label of the project's first object. */
function firstLabel(): string {
  const script =
    `import module from 'node:module'; module.enableCompileCache(${JSON.stringify(cacheDir)});` +
    `const { loadSchema } = await import(${JSON.stringify(LOADER)});` +
    `console.log(loadSchema(${JSON.stringify(project)}).objects[0].label);`;
  return execFileSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], {
    encoding: 'utf8',
  }).trim();
}

/** Node keeps its compile cache in a folder of the Node version under the one given: the schema goes beside it. */
const keptDir = () => {
  const found = (readdirSync(cacheDir, { recursive: true }) as string[]).find(
    (f) => path.basename(f) === 'nome-schema',
  );
  return path.join(cacheDir, found ?? 'nome-schema');
};
const kept = () => readdirSync(keptDir()).filter((f) => f.endsWith('.json'));

describe('the parsed schema kept between starts', () => {
  cpSync('sfdx-project.json', path.join(project, 'sfdx-project.json'));
  cpSync('force-app', path.join(project, 'force-app'), { recursive: true });

  it('is read instead of the XML once kept, and parsed again when a metadata file changes', () => {
    const label = firstLabel();
    expect(kept()).toHaveLength(1);
    // The next start reads what was kept: an edit to it shows.
    const file = path.join(keptDir(), kept()[0]!);
    writeFileSync(file, readFileSync(file, 'utf8').replace(JSON.stringify(label), '"Kept"'));
    expect(firstLabel()).toBe('Kept');
    // A metadata file edited since: another digest, parsed afresh.
    const objects = path.join(project, 'force-app/main/default/objects');
    const first = readdirSync(objects).sort()[0]!;
    const meta = path.join(objects, first, `${first}.object-meta.xml`);
    writeFileSync(meta, readFileSync(meta, 'utf8').replace(`<label>${label}</label>`, '<label>Edited</label>'));
    expect(firstLabel()).toBe('Edited');
    expect(kept()).toHaveLength(2);
  });
});
