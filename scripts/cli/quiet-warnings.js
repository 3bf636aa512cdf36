// @ts-check
// Notices that say nothing to a user: node:sqlite's and module.stripTypeScriptTypes' experimental status (the local
// org's and the sync's store; the stripped-TypeScript cache, cli/strip-cache.js), and @salesforce/core's plain-HTTP
// warning when the org is the local one on loopback. Every other warning
// still shows. Shared by the `nome` command and the test setup, so a warning on screen always means something new.
// Plain JavaScript, as strip-cache.js: it loads before the TypeScript cache is in place.
const QUIET_WARNINGS = [
  /SQLite is an experimental feature/,
  /stripTypeScriptTypes is an experimental feature/,
  /Using insecure protocol: http: on url: http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])[:/]/,
];

/** @param {NodeJS.Process} [target] */
export function quietKnownWarnings(target = process) {
  const emitWarning = /** @type {(...args: unknown[]) => void} */ (target.emitWarning.bind(target));
  target.emitWarning = /** @type {NodeJS.Process['emitWarning']} */ (
    (/** @type {string | Error} */ warning, /** @type {unknown[]} */ ...rest) => {
      const text = typeof warning === 'string' ? warning : (warning?.message ?? '');
      if (QUIET_WARNINGS.some((pattern) => pattern.test(text))) return;
      emitWarning(warning, ...rest);
    }
  );
}
