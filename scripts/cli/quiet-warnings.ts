// Notices that say nothing to a user: node:sqlite's and module.stripTypeScriptTypes' experimental status (the local
// org's and the sync's store; the stripped-TypeScript cache, cli/strip-cache.ts), and @salesforce/core's plain-HTTP
// warning when the org is the local one on loopback. Every other warning
// still shows. Shared by the `nome` command and the test setup, so a warning on screen always means something new.
const QUIET_WARNINGS = [
  /SQLite is an experimental feature/,
  /stripTypeScriptTypes is an experimental feature/,
  /Using insecure protocol: http: on url: http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])[:/]/,
];

export function quietKnownWarnings(target: NodeJS.Process = process): void {
  const emitWarning = target.emitWarning.bind(target) as (...args: unknown[]) => void;
  target.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : (warning?.message ?? '');
    if (QUIET_WARNINGS.some((pattern) => pattern.test(text))) return;
    emitWarning(warning, ...rest);
  }) as NodeJS.Process['emitWarning'];
}
