import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PackageSchema } from '../types.ts';
import { child, children, parseMetadataXml, text, type XmlNode } from '../xml.ts';

/**
 * What the LWC rules read besides the schema: component sources (their @salesforce imports and GraphQL
 * queries), custom labels, Lightning pages and the record pages apps assign. Read here rather than in
 * the schema module because only the lint needs them.
 */

export interface ComponentSource {
  bundle: string;
  /** Source file relative to the project directory (.js or .html; tests excluded). */
  file: string;
  text: string;
}

export interface FlexiPageDef {
  name: string;
  type?: string;
  sobjectType?: string;
  /** Component names of every component instance, in file order (`force:detailPanel`, `metronomeBilling`). */
  components: string[];
  file: string;
}

export interface AppPageOverride {
  app: string;
  content: string;
  object?: string;
  file: string;
}

export interface UiSources {
  components: ComponentSource[];
  labels: Set<string>;
  labelFiles: string[];
  flexiPages: FlexiPageDef[];
  appPageOverrides: AppPageOverride[];
}

export function readUiSources(schema: PackageSchema): UiSources {
  const files = listPackageFiles(schema);
  const read = (file: string) => readFileSync(path.join(schema.projectDir, file), 'utf8');
  const parse = (file: string, root: string) => parseMetadataXml(read(file), file, root);

  const components = schema.lwc.flatMap((bundle) =>
    files
      .filter((f) => path.dirname(f) === path.dirname(bundle.file) && /\.(js|html)$/.test(f))
      .map((file) => ({ bundle: bundle.name, file, text: read(file) })),
  );
  const labelFiles = files.filter((f) => f.endsWith('.labels-meta.xml'));
  const labels = new Set(
    labelFiles.flatMap((f) => children(parse(f, 'CustomLabels'), 'labels').map((l) => text(l, 'fullName') ?? '')),
  );
  const flexiPages = files
    .filter((f) => f.endsWith('.flexipage-meta.xml'))
    .map((file) => toFlexiPage(file, parse(file, 'FlexiPage')));
  const appPageOverrides = files
    .filter((f) => f.endsWith('.app-meta.xml'))
    .flatMap((file) => toAppPageOverrides(file, parse(file, 'CustomApplication')));
  return { components, labels, labelFiles, flexiPages, appPageOverrides };
}

/** Files of every package directory, relative to the project, without tests (they never deploy). */
export function listPackageFiles(schema: PackageSchema): string[] {
  return schema.packageDirectories.flatMap((dir) => listFiles(schema.projectDir, dir));
}

function listFiles(projectDir: string, packageDir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(path.join(projectDir, packageDir), { recursive: true }) as string[];
  } catch {
    return [];
  }
  return entries
    .filter((e) => !e.split(path.sep).includes('__tests__'))
    .map((e) => path.join(packageDir, e))
    .filter((f) => statSync(path.join(projectDir, f)).isFile())
    .sort();
}

function toFlexiPage(file: string, root: XmlNode): FlexiPageDef {
  const components = children(root, 'flexiPageRegions')
    .flatMap((region) => children(region, 'itemInstances'))
    .map((item) => text(child(item, 'componentInstance'), 'componentName'))
    .filter((name): name is string => Boolean(name));
  return {
    name: path.basename(file).replace(/\.flexipage-meta\.xml$/, ''),
    type: text(root, 'type'),
    sobjectType: text(root, 'sobjectType'),
    components,
    file,
  };
}

function toAppPageOverrides(file: string, root: XmlNode): AppPageOverride[] {
  const app = path.basename(file).replace(/\.app-meta\.xml$/, '');
  return [...children(root, 'actionOverrides'), ...children(root, 'profileActionOverrides')]
    .filter((o) => text(o, 'type') === 'Flexipage')
    .map((o) => ({ app, content: text(o, 'content') ?? '', object: text(o, 'pageOrSobjectType'), file }));
}
