import path from 'node:path';
import { Command } from 'commander';
import { PROJECT_DIR, loadSchema } from '../metadata/index.ts';
import { buildMetadataPackage } from '../metadata/build.ts';
import { formatProblem, lintSchema } from '../metadata/lint/index.ts';
import { CommandError, printResult } from './output.ts';

const DEFAULT_BUILD_DIR = path.join(PROJECT_DIR, '.nome', 'build');

function lintOrThrow(projectDir: string) {
  const schema = loadSchema(projectDir);
  const problems = lintSchema(schema);
  if (problems.length > 0) {
    throw new CommandError(`The metadata lint found ${problems.length} problem(s):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`, {
      name: 'MetadataLintError',
      data: { problems },
      actions: ['Fix each file named above; Salesforce would reject these at deploy time.'],
    });
  }
  return schema;
}

export function metadataCommand(): Command {
  const group = new Command('metadata').description('Lint and build the package metadata in force-app.');
  group
    .command('lint')
    .description('Check force-app for what Salesforce would reject at deploy time.')
    .option('--project-dir <dir>', 'SFDX project directory', PROJECT_DIR)
    .option('--json', 'print the result as JSON')
    .action((options: { projectDir: string; json?: boolean }) => {
      const schema = lintOrThrow(path.resolve(options.projectDir));
      const counts = { objects: schema.objects.length, fields: schema.objects.reduce((n, o) => n + o.fields.length, 0), permissionSets: schema.permissionSets.length, tabs: schema.tabs.length, applications: schema.applications.length, lwc: schema.lwc.length };
      printResult({ problems: [], ...counts }, options, () => {
        process.stdout.write(`Metadata lint passed: ${counts.objects} objects, ${counts.fields} fields, ${counts.permissionSets} permission sets, ${counts.tabs} tabs, ${counts.applications} apps, ${counts.lwc} components.\n`);
      });
    });
  group
    .command('build')
    .description('Lint, then convert force-app to Metadata API format (package.xml and a deployable zip).')
    .option('--project-dir <dir>', 'SFDX project directory', PROJECT_DIR)
    .option('--output-dir <dir>', 'where to write the build (git-ignored)', DEFAULT_BUILD_DIR)
    .option('--json', 'print the result as JSON')
    .action(async (options: { projectDir: string; outputDir: string; json?: boolean }) => {
      const schema = lintOrThrow(path.resolve(options.projectDir));
      const result = await buildMetadataPackage(schema, path.resolve(options.outputDir));
      printResult(result, options, () => {
        process.stdout.write(`Built ${result.components} components.\n  package.xml: ${path.relative(process.cwd(), result.packageXml)}\n  deployable zip: ${path.relative(process.cwd(), result.zipFile)}\n`);
      });
    });
  return group;
}
