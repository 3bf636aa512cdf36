/** `nome metadata …`: lint and build force-app. */
import path from 'node:path';
import type { PackageSchema } from '../metadata/index.ts';
import { PROJECT_DIR } from '../metadata/project.ts';
import { defineCommand, type CommandTree } from './command.ts';
import { Flags, projectDirFlag } from './flags.ts';
import { CommandError } from './output.ts';

const DEFAULT_BUILD_DIR = path.join(PROJECT_DIR, '.nome', 'build');

async function lintOrThrow(projectDir: string): Promise<PackageSchema> {
  const { loadSchema } = await import('../metadata/index.ts');
  const { formatProblem, lintSchema } = await import('../metadata/lint/index.ts');
  const schema = loadSchema(projectDir);
  const problems = lintSchema(schema);
  if (problems.length > 0) {
    const list = problems.map((p) => `  ${formatProblem(p)}`).join('\n');
    throw new CommandError(`The metadata lint found ${problems.length} problem(s):\n${list}`, {
      name: 'MetadataLintError',
      data: { problems },
      actions: ['Fix each file named above; Salesforce would reject these at deploy time.'],
    });
  }
  return schema;
}

function counts(schema: PackageSchema) {
  return {
    objects: schema.objects.length,
    fields: schema.objects.reduce((n, o) => n + o.fields.length, 0),
    permissionSets: schema.permissionSets.length,
    tabs: schema.tabs.length,
    applications: schema.applications.length,
    lwc: schema.lwc.length,
  };
}

const lint = defineCommand({
  summary: 'Check force-app for what Salesforce would reject at deploy time.',
  examples: [
    { summary: 'Lint the project in the current checkout:', command: 'nome metadata lint' },
    { summary: 'Lint another SFDX project, as JSON:', command: 'nome metadata lint --project-dir ../other --json' },
  ],
  flags: { 'project-dir': projectDirFlag },
  async run(flags) {
    const schema = await lintOrThrow(path.resolve(flags.projectDir));
    return { result: { problems: [], ...counts(schema) } };
  },
  human: (r) =>
    `Metadata lint passed: ${r.objects} objects, ${r.fields} fields, ${r.permissionSets} permission sets, ` +
    `${r.tabs} tabs, ${r.applications} apps, ${r.lwc} components.`,
});

const build = defineCommand({
  summary: 'Lint, then convert force-app to Metadata API format (package.xml and a deployable zip).',
  examples: [
    { summary: 'Build into .nome/build:', command: 'nome metadata build' },
    { summary: 'Build into another folder:', command: 'nome metadata build --output-dir /tmp/nome-build' },
  ],
  flags: {
    'project-dir': projectDirFlag,
    'output-dir': Flags.string({
      placeholder: '<dir>',
      summary: 'where to write the build (git-ignored)',
      default: DEFAULT_BUILD_DIR,
    }),
  },
  async run(flags) {
    const schema = await lintOrThrow(path.resolve(flags.projectDir));
    const { buildMetadataPackage } = await import('../metadata/build.ts');
    return { result: await buildMetadataPackage(schema, path.resolve(flags.outputDir)) };
  },
  human: (r) =>
    `Built ${r.components} components.\n  package.xml: ${path.relative(process.cwd(), r.packageXml)}\n` +
    `  deployable zip: ${path.relative(process.cwd(), r.zipFile)}`,
});

export const metadataCommands: CommandTree = { lint, build };
