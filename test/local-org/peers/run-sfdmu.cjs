// Runs SFDMU's `sfdmu:run` command the way the sf CLI would, without installing it as a plugin: SFDMU 3 ships no
// bin of its own, only this oclif command class, which reads its plugin root for its messages and version.
// Usage: node run-sfdmu.cjs <sfdmu package dir> <sfdmu run flags…>   (SFDMU ends the process with its exit code)
const path = require('node:path');

const [root, ...argv] = process.argv.slice(2);
const Run = require(path.join(root, 'lib/commands/sfdmu/run')).default;
Run.id = 'sfdmu:run';
Run.plugin = { root, name: 'sfdmu' };
Run.run(argv, root).catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
