import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import type { PackageSchema } from './types.ts';

export interface BuildResult {
  outputDir: string;
  packageXml: string;
  zipFile: string;
  components: number;
}

/** Converts the package directories to Metadata API format: an unpacked tree with package.xml, and a deployable zip. */
export async function buildMetadataPackage(schema: PackageSchema, outputDir: string): Promise<BuildResult> {
  // SDR misreads a checkout whose path has a folder named like a metadata folder (…/lwc/project/force-app) and
  // writes nothing below a dot-folder such as .nome/: so read a staged copy and write to a temporary folder.
  const staging = await mkdtemp(path.join(os.tmpdir(), 'nome-build-'));
  try {
    const sources = await stageProject(schema, path.join(staging, 'project'));
    const components = ComponentSet.fromSource(sources);
    components.sourceApiVersion = schema.sourceApiVersion;
    const converter = new MetadataConverter();
    const options = {
      outputDirectory: path.join(staging, 'out'),
      packageName: 'metadata',
      genUniqueDir: false,
    } as const;
    // The zip first: converting to a zip clears the unpacked folder of the same package name.
    await converter.convert(components, 'metadata', { type: 'zip', ...options });
    await converter.convert(components, 'metadata', { type: 'directory', ...options });
    await rm(outputDir, { recursive: true, force: true });
    await mkdir(path.dirname(outputDir), { recursive: true });
    await cp(path.join(staging, 'out'), outputDir, { recursive: true });
    return {
      outputDir,
      packageXml: path.join(outputDir, 'metadata', 'package.xml'),
      zipFile: path.join(outputDir, 'metadata.zip'),
      components: components.size,
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Copies what SDR reads (sfdx-project.json, .forceignore, the package directories); returns the package paths. */
async function stageProject(schema: PackageSchema, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  for (const file of ['sfdx-project.json', '.forceignore']) {
    await cp(path.join(schema.projectDir, file), path.join(dir, file)).catch(() => undefined);
  }
  for (const packageDir of schema.packageDirectories) {
    await cp(path.join(schema.projectDir, packageDir), path.join(dir, packageDir), { recursive: true });
  }
  return schema.packageDirectories.map((packageDir) => path.join(dir, packageDir));
}
