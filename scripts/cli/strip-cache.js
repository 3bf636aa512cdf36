// @ts-check
/**
 * TypeScript sources stripped once, not at every start. Node 22 strips the types of each .ts module it loads (its
 * bundled SWC, in WebAssembly: about 90 ms of a `nome sync run` start) and its compile cache does not keep the result.
 * This load hook keeps the stripped JavaScript beside the compile cache, named by a digest of the source, so a later
 * start reads it instead; a changed source has another digest and is stripped again. Strip mode replaces types with
 * blanks, so line and column numbers in stack traces stay those of the source.
 *
 * Plain JavaScript (checked by tsc through its JSDoc), as are the two modules it needs: they load before the hook is
 * in place, and a TypeScript file there would make Node load its stripper (~45 ms) at every start, cache or not.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { privateCacheDir } from '../metadata/private-cache.js';

/** @param {string} [base] where to keep it, Node's compile cache by default */
export function cacheStrippedTypeScript(base) {
  const { registerHooks, stripTypeScriptTypes } = module;
  if (typeof registerHooks !== 'function' || typeof stripTypeScriptTypes !== 'function') return;
  const dir = privateCacheDir('nome-stripped-ts', base);
  if (!dir) return;
  registerHooks({
    load(url, context, nextLoad) {
      const loaded = nextLoad(url, context);
      if (loaded.format !== 'module-typescript' || loaded.source === undefined) return loaded;
      const source = typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source);
      return { ...loaded, format: 'module', source: stripped(dir, source, stripTypeScriptTypes) };
    },
  });
}

/**
 * @param {string} dir
 * @param {string} source
 * @param {(code: string, options: { mode: 'strip' }) => string} strip
 * @returns {string}
 */
function stripped(dir, source, strip) {
  const file = path.join(dir, `${createHash('sha256').update(source).digest('hex')}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    const code = strip(source, { mode: 'strip' });
    // Written whole under another name, then renamed: a process starting meanwhile never reads half a file.
    const partial = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(partial, code, { mode: 0o600 });
      renameSync(partial, file);
    } catch {
      // A cache that cannot be written costs the next start the stripping again, nothing else.
    }
    return code;
  }
}
