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
  const sources = schema.packageDirectories.map((dir) => path.join(schema.projectDir, dir));
  const components = ComponentSet.fromSource(sources);
  components.sourceApiVersion = schema.sourceApiVersion;
  // SDR writes nothing below a dot-folder such as .nome/, so convert in a temporary folder and copy.
  const staging = await mkdtemp(path.join(os.tmpdir(), 'nome-build-'));
  try {
    const converter = new MetadataConverter();
    const options = { outputDirectory: staging, packageName: 'metadata', genUniqueDir: false } as const;
    // The zip first: converting to a zip clears the unpacked folder of the same package name.
    await converter.convert(components, 'metadata', { type: 'zip', ...options });
    await converter.convert(components, 'metadata', { type: 'directory', ...options });
    await rm(outputDir, { recursive: true, force: true });
    await mkdir(path.dirname(outputDir), { recursive: true });
    await cp(staging, outputDir, { recursive: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return {
    outputDir,
    packageXml: path.join(outputDir, 'metadata', 'package.xml'),
    zipFile: path.join(outputDir, 'metadata.zip'),
    components: components.size,
  };
}
