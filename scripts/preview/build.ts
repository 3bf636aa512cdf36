/**
 * Compiles the package's Lightning web components, the preview shell and the base components they use into one
 * browser bundle, with the LWC compiler (the version sfdx-lwc-jest runs). Imports the platform provides are
 * served here: `@salesforce/label/c.*` from the custom labels, `@salesforce/schema/*` as the platform hands them
 * out, `lightning/graphql|uiRecordApi|navigation` from app/platform. The bundle is cached under a hash of its
 * sources: force-app unchanged means no rebuild.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, RollupCache } from 'rollup';
import type { AppModel } from './model.ts';

const APP_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'app');
const PLATFORM: Record<string, string> = {
  'lightning/graphql': path.join(APP_DIR, 'platform', 'graphql.js'),
  'lightning/uiRecordApi': path.join(APP_DIR, 'platform', 'uiRecordApi.js'),
  'lightning/navigation': path.join(APP_DIR, 'platform', 'navigation.js'),
};
const VIRTUAL = '\0nome-preview:';
const LBC_SCOPED = path.join(
  path.dirname(fileURLToPath(import.meta.resolve('lightning-base-components/package.json'))),
  'scopedImports',
);
/** Packages whose versions change the bundle as much as a source file does. */
const TOOLCHAIN = ['@lwc/rollup-plugin', '@lwc/engine-dom', '@lwc/synthetic-shadow', 'lightning-base-components'];

export interface BuildOptions {
  projectDir: string;
  /** Where bundles are kept, one directory per source hash (default <project>/.nome/preview). */
  cacheDir: string;
  model: AppModel;
  /** The LWC source folders of the package (force-app/main/default/lwc). */
  lwcDirs: string[];
}

export interface BuildResult {
  dir: string;
  hash: string;
  /** False when the sources were unchanged and the cached bundle was used. */
  built: boolean;
  ms: number;
}

export class PreviewBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreviewBuildError';
  }
}

export async function buildPreview(options: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  const hash = sourceHash(options);
  const dir = path.join(options.cacheDir, `build-${hash.slice(0, 16)}`);
  if (existsSync(path.join(dir, 'app.js'))) return { dir, hash, built: false, ms: Date.now() - started };
  const code = await bundle(options);
  // Written aside and renamed, so a crash mid-write never leaves a half bundle that looks complete.
  const temp = `${dir}.tmp-${process.pid}`;
  mkdirSync(temp, { recursive: true });
  writeFileSync(path.join(temp, 'app.js'), code);
  rmSync(dir, { recursive: true, force: true });
  renameSync(temp, dir);
  pruneOldBuilds(options.cacheDir, dir);
  return { dir, hash, built: true, ms: Date.now() - started };
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((entry) => path.join(dir, entry))
    .filter((file) => statSync(file).isFile())
    .sort();
}

/** Every source the bundle depends on: force-app (labels and layouts count too), the shell, the toolchain's versions. */
export function sourceHash(options: Pick<BuildOptions, 'projectDir' | 'model'>): string {
  const hash = createHash('sha256');
  const roots = [path.join(options.projectDir, 'force-app'), APP_DIR, fileURLToPath(import.meta.url)];
  for (const root of roots) {
    const files = statSync(root).isFile()
      ? [root]
      : listFiles(root).filter((f) => !f.includes(`${path.sep}__tests__${path.sep}`));
    for (const file of files)
      hash.update(path.relative(options.projectDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const name of TOOLCHAIN) hash.update(`${name}@${packageVersion(options.projectDir, name)}\0`);
  hash.update(JSON.stringify(options.model));
  return hash.digest('hex');
}

function packageVersion(projectDir: string, name: string): string {
  try {
    return JSON.parse(readFileSync(path.join(projectDir, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    throw new PreviewBuildError(
      `${name} is not installed: run npm ci (the preview compiles with the versions package.json pins).`,
    );
  }
}

function pruneOldBuilds(cacheDir: string, keep: string): void {
  for (const entry of readdirSync(cacheDir)) {
    const full = path.join(cacheDir, entry);
    if (entry.startsWith('build-') && full !== keep) rmSync(full, { recursive: true, force: true });
  }
}

async function bundle(options: BuildOptions): Promise<string> {
  const { rollup } = await import('rollup');
  // A CommonJS-typed default export: its types do not see the function ESM hands over.
  const lwc = (await import('@lwc/rollup-plugin')).default as unknown as (options: object) => Plugin;
  const components = componentAliases(options);
  const warnings: string[] = [];
  let build;
  try {
    build = await rollup({
      input: path.join(APP_DIR, 'main.js'),
      cache: readCache(options.cacheDir),
      plugins: [
        platformModules(options.model),
        lwc({
          rootDir: APP_DIR,
          modules: [
            { dir: path.join(APP_DIR, 'modules') },
            ...Object.entries(PLATFORM).map(([name, file]) => ({ name, path: file })),
            ...components,
            { npm: 'lightning-base-components' },
          ],
          enableDynamicComponents: true,
        }),
        productionMode(),
      ],
      onwarn: (warning) => {
        if (warning.code === 'UNRESOLVED_IMPORT')
          throw new PreviewBuildError(`${warning.message} (the preview provides no such module)`);
        // Circular imports and template lint inside lightning-base-components are theirs, not the package's.
        if (
          warning.code === 'CIRCULAR_DEPENDENCY' ||
          (warning.id ?? warning.loc?.file ?? '').includes('lightning-base-components')
        )
          return;
        warnings.push(warning.message);
      },
    });
    const { output } = await build.generate({ format: 'iife', name: 'nomePreview', inlineDynamicImports: true });
    writeCache(options.cacheDir, build.cache);
    if (warnings.length) process.emitWarning(`The preview build warned:\n${warnings.slice(0, 10).join('\n')}`);
    return output[0].code;
  } catch (error) {
    const e = error as { message?: string; id?: string; loc?: { file?: string; line?: number } };
    const where = e.loc?.file ?? e.id;
    throw new PreviewBuildError(
      `The preview could not compile the components${where ? ` (${path.relative(options.projectDir, where)}${e.loc?.line ? `:${e.loc.line}` : ''})` : ''}: ${e.message}`,
    );
  } finally {
    await build?.close();
  }
}

/**
 * Rollup's module cache, kept between builds: a change to one component recompiles that component, not the
 * two hundred base components beside it. A cache that cannot be read is ignored (the build redoes everything).
 */
function cacheFile(cacheDir: string): string {
  return path.join(cacheDir, 'rollup-cache.json');
}

function readCache(cacheDir: string): RollupCache | undefined {
  try {
    return JSON.parse(readFileSync(cacheFile(cacheDir), 'utf8')) as RollupCache;
  } catch {
    return undefined;
  }
}

function writeCache(cacheDir: string, cache: RollupCache | undefined): void {
  if (!cache) return;
  mkdirSync(cacheDir, { recursive: true });
  const temp = `${cacheFile(cacheDir)}.tmp-${process.pid}`;
  writeFileSync(temp, JSON.stringify(cache));
  renameSync(temp, cacheFile(cacheDir));
}

/** `c/<bundle>` for every component of the package, as Salesforce resolves them in the package's namespace. */
function componentAliases(options: BuildOptions): { name: string; path: string }[] {
  return options.lwcDirs.flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => existsSync(path.join(dir, name, `${name}.js`)))
          .map((name) => ({ name: `c/${name}`, path: path.join(dir, name, `${name}.js`) }))
      : [],
  );
}

/** Imports Salesforce resolves at run time, resolved at build time from the package's metadata. */
function platformModules(model: AppModel): Plugin {
  return {
    name: 'nome-preview-platform',
    resolveId(source, importer) {
      if (source.startsWith('@salesforce/label/c.')) return VIRTUAL + source;
      if (source.startsWith('@salesforce/schema/')) return VIRTUAL + source;
      if (source === 'preview/model' || source === 'preview/components') return VIRTUAL + source;
      // Locale facts the base components ship as modules; the package's own code imports them too.
      if (source.startsWith('@salesforce/i18n/')) return path.join(LBC_SCOPED, `${source.replaceAll('/', '-')}.js`);
      if (source.startsWith(VIRTUAL)) return source;
      void importer;
      return null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL)) return null;
      const source = id.slice(VIRTUAL.length);
      if (source.startsWith('@salesforce/label/c.')) {
        const name = source.slice('@salesforce/label/c.'.length);
        if (!(name in model.labels)) this.error(`${source}: no custom label ${name} in force-app/main/default/labels.`);
        return `export default ${JSON.stringify(model.labels[name])};`;
      }
      if (source.startsWith('@salesforce/schema/'))
        return `export default ${JSON.stringify(schemaReference(source.slice('@salesforce/schema/'.length)))};`;
      if (source === 'preview/model') return `export default ${JSON.stringify(model)};`;
      return componentMap(model.components);
    },
  };
}

/** `Object.Field.Path` → `{ objectApiName, fieldApiName }`, `Object` → `{ objectApiName }`, as the platform hands them. */
export function schemaReference(reference: string): { objectApiName: string; fieldApiName?: string } {
  const [objectApiName, ...field] = reference.split('.');
  return field.length
    ? { objectApiName: objectApiName!, fieldApiName: field.join('.') }
    : { objectApiName: objectApiName! };
}

function componentMap(components: string[]): string {
  const imports = components.map((name, index) => `import c${index} from 'c/${name}';`).join('\n');
  const entries = components.map((name, index) => `${JSON.stringify(name)}: c${index}`).join(', ');
  return `${imports}\nexport default { ${entries} };`;
}

/**
 * The engine's development checks cost time and print warnings: a preview runs it as production does. The base
 * components ask `import.meta.env.SSR` whether they render on a server: here they render in the browser.
 */
function productionMode(): Plugin {
  return {
    name: 'nome-preview-production',
    transform(code) {
      if (!code.includes('process.env.NODE_ENV') && !code.includes('import.meta.env')) return null;
      return {
        code: code.replaceAll('process.env.NODE_ENV', '"production"').replaceAll('import.meta.env.SSR', 'false'),
        map: null,
      };
    },
  };
}
