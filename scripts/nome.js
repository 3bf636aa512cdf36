#!/usr/bin/env node
// The `nome` command. Node ≥ 22.18 runs the TypeScript sources directly (type stripping), so there is
// no build step; npm scripts and `npx nome` put the project's pinned Node 22 (the `node` dev dependency) first on PATH.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `nome needs Node.js 22.18 or newer and this is ${process.version}.\n` +
      'Run it as `npx nome …` or through `npm run …` after `npm ci`: both use the Node 22 the project installs.\n',
  );
  process.exit(1);
}
// Two notices that say nothing to a user: node:sqlite's experimental status (the local org's and the sync's store),
// and @salesforce/core's plain-HTTP warning when the org is the local one on loopback. Other warnings still show.
const QUIET_WARNINGS = [/SQLite is an experimental feature/, /Using insecure protocol: http: on url: http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])[:/]/];
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const text = (typeof warning === 'string' ? warning : warning?.message) ?? '';
  if (QUIET_WARNINGS.some((pattern) => pattern.test(text))) return;
  emitWarning(warning, ...rest);
};
const { main } = await import('./cli/main.ts');
await main(process.argv);
