#!/usr/bin/env node
// The `nome` command. Node ≥ 22.19 runs the TypeScript sources directly (type stripping; the undici the Metronome
// reads go through needs 22.19), so there is no build step; npm scripts and `npx nome` put the project's pinned
// Node 22 (the `node` dev dependency) first on PATH.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `nome needs Node.js 22.19 or newer and this is ${process.version}.\n` +
      'Run it as `npx nome …` or through `npm run …` after `npm ci`: both use the Node 22 the project installs.\n',
  );
  process.exit(1);
}
// Compiled code of the modules a command loads is kept on disk and reused (Node's module compile cache; TypeScript
// sources included): a command starts in about half the CPU time from its second run on.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { quietKnownWarnings } = await import('./cli/quiet-warnings.js');
quietKnownWarnings();
// The stripped TypeScript is kept beside it (Node strips every .ts module again at each start otherwise).
const { cacheStrippedTypeScript } = await import('./cli/strip-cache.js');
cacheStrippedTypeScript();
// Output piped into a reader that stops early (`nome … --help | head`) ends the command quietly, as other CLIs do.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('./cli/main.ts');
await main(process.argv);
