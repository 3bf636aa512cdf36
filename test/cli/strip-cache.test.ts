import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const HOOK = pathToFileURL(path.resolve('scripts/cli/strip-cache.js')).href;
const dir = mkdtempSync(path.join(tmpdir(), 'strip-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh process with the hook over `dir`, loading `module`: what it prints. */
function load(module: string): string {
  const script =
    `const { cacheStrippedTypeScript } = await import(${JSON.stringify(HOOK)});` +
    `cacheStrippedTypeScript(${JSON.stringify(dir)});` +
    `const m = await import(${JSON.stringify(pathToFileURL(module).href)});` +
    `try { m.fail(); } catch (e) { console.log(m.value, e.stack.split('\\n')[1].trim()); }`;
  return execFileSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], { encoding: 'utf8' });
}

const cached = () => readdirSync(path.join(dir, 'nome-stripped-ts')).filter((f) => f.endsWith('.js'));

describe('the stripped-TypeScript cache', () => {
  const module = path.join(dir, 'sample.ts');
  const source = (value: number) =>
    `export const value: number = ${value};\n` +
    `interface Unused { a: string }\n` +
    `export function fail(): never {\n  throw new Error('here');\n}\n`;

  it('keeps a module stripped once, reuses it, and strips a changed source again; stack lines stay the source lines', () => {
    writeFileSync(module, source(1));
    expect(load(module)).toMatch(/^1 at .*fail \(.*sample\.ts:4:9\)/);
    expect(cached()).toHaveLength(1);
    // The next start reads the kept JavaScript instead of stripping the source: an edit to it shows.
    const kept = path.join(dir, 'nome-stripped-ts', cached()[0]!);
    writeFileSync(kept, readFileSync(kept, 'utf8').replace('= 1;', '= 7;'));
    expect(load(module)).toMatch(/^7 at .*fail \(.*sample\.ts:4:9\)/);
    expect(cached()).toHaveLength(1);
    writeFileSync(module, source(2));
    expect(load(module)).toMatch(/^2 /);
    expect(cached()).toHaveLength(2);
  });
});
