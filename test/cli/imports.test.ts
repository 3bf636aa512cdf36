/** Imports flow one way: the CLI on top, capabilities below it, no circles anywhere in scripts/. */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { folderOf, importCycles, importEdges } from './import-graph.ts';

const SCRIPTS = path.resolve(import.meta.dirname, '../../scripts');
const edges = importEdges(SCRIPTS);

/**
 * What each capability may import besides itself. The CLI may import everything; nothing imports the CLI. A new
 * folder under scripts/ needs a line here: decide what it may depend on before anything depends on it.
 */
const ALLOWED: Record<string, readonly string[]> = {
  cli: ['*'],
  sync: ['mapping', 'metronome', 'salesforce', 'metadata'],
  packaging: ['org', 'salesforce', 'metadata'],
  org: ['metronome', 'salesforce', 'metadata'],
  'local-org': ['fault-injection', 'metadata'],
  metronome: ['fault-injection', 'mapping', 'salesforce', 'metadata'],
  mapping: ['metadata'],
  salesforce: ['metadata'],
  metadata: [],
  'fault-injection': [],
  preview: ['salesforce', 'metadata'],
};

/**
 * Harnesses that stand up the two local doubles around the product code: the `npm start` demo and the sync's
 * benchmarks (benchmark.ts and `npm run bench`'s sync/bench/, which gives each contender a fresh local org). The run
 * itself never reaches the local org except over HTTP. The mapping's benchmark (mapping/bench.ts) maps the Metronome
 * sandbox's generated data in-process.
 */
const HARNESS_EXCEPTIONS: Record<string, readonly string[]> = {
  'sync/start.ts': ['local-org', 'preview'],
  'sync/benchmark.ts': ['local-org'],
  'sync/bench/measure.ts': ['local-org'],
  'sync/bench/world.ts': ['local-org'],
  'mapping/bench.ts': ['metronome'],
};

function allowed(from: string, to: string): boolean {
  const source = folderOf(from);
  const target = folderOf(to);
  if (source === target) return true;
  const rule = ALLOWED[source] ?? [];
  return rule.includes('*') || rule.includes(target) || (HARNESS_EXCEPTIONS[from] ?? []).includes(target);
}

describe('the import graph of scripts/', () => {
  test('is read from the sources: static, type-only and dynamic imports', () => {
    expect(edges).toContainEqual({ from: 'packaging/install.ts', to: 'org/errors.ts' });
    expect(edges).toContainEqual({ from: 'cli/org.ts', to: 'org/index.ts' }); // `import type` only
    expect(edges).toContainEqual({ from: 'cli/main.ts', to: 'cli/sync.ts' }); // `await import()` only
  });

  test('every folder under scripts/ has declared what it may import', () => {
    const folders = new Set(edges.flatMap((e) => [folderOf(e.from), folderOf(e.to)]));
    const undeclared = [...folders].filter((f) => !(f in ALLOWED));
    expect(undeclared, 'add these folders to ALLOWED in test/cli/imports.test.ts').toEqual([]);
  });

  test('no file outside scripts/cli imports the CLI', () => {
    const intoCli = edges.filter((e) => folderOf(e.to) === 'cli' && folderOf(e.from) !== 'cli');
    expect(intoCli.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  test('imports between folders go only in the allowed directions', () => {
    const wrongWay = edges.filter((e) => !allowed(e.from, e.to));
    expect(wrongWay.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  test('no import circle, counting type-only imports', () => {
    // A circle through types alone is broken with a types-only module, as scripts/local-org/routes.ts does.
    expect(importCycles(edges), 'files that import each other, directly or through others').toEqual([]);
  });
});

test('the cycle finder reports a circle of three files and ignores a chain', () => {
  const circle = [
    { from: 'a/x.ts', to: 'a/y.ts' },
    { from: 'a/y.ts', to: 'a/z.ts' },
    { from: 'a/z.ts', to: 'a/x.ts' },
    { from: 'a/z.ts', to: 'b/w.ts' },
  ];
  expect(importCycles(circle)).toEqual([['a/x.ts', 'a/y.ts', 'a/z.ts']]);
  expect(importCycles(circle.slice(0, 2))).toEqual([]);
});
