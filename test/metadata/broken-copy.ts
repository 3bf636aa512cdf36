import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_DIR } from '../../scripts/metadata/index.ts';

const OBJECTS = 'force-app/main/default/objects';

/** A throwaway copy of the SFDX project (sfdx-project.json and force-app) for breaking one thing at a time. */
export function projectCopy() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nome-lint-'));
  cpSync(path.join(PROJECT_DIR, 'sfdx-project.json'), path.join(dir, 'sfdx-project.json'));
  cpSync(path.join(PROJECT_DIR, 'force-app'), path.join(dir, 'force-app'), { recursive: true });
  return {
    dir,
    fieldFile: (object: string, field: string) => `${OBJECTS}/${object}/fields/${field}.field-meta.xml`,
    objectFile: (object: string) => `${OBJECTS}/${object}/${object}.object-meta.xml`,
    /** Rewrites a file; fails loudly when the text to replace is absent so a test never breaks nothing. */
    replace(file: string, from: string | RegExp, to: string) {
      const full = path.join(dir, file);
      const before = readFileSync(full, 'utf8');
      const after = before.replace(from, to);
      if (after === before) throw new Error(`${file}: nothing matched ${from}`);
      writeFileSync(full, after);
    },
    write(file: string, text: string) {
      writeFileSync(path.join(dir, file), text);
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
