/**
 * `nome preview`: the Metronome app in a browser, its components compiled with the LWC compiler and reading the
 * org's UI API through a local server that holds the token. See README.md.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSchema, PROJECT_DIR } from '../metadata/index.ts';
import type { SalesforceConnection } from '../salesforce/index.ts';
import { buildPreview, type BuildResult } from './build.ts';
import { appModel, standardObjectsOf, type AppModel } from './model.ts';
import { startPreviewServer } from './server.ts';
import { describeStandardObject, upstreamOf } from './upstream.ts';

export { PreviewBuildError } from './build.ts';
export { AppModelError, type AppModel } from './model.ts';

export interface PreviewOptions {
  /** The org to read: any jsforce / @salesforce/core connection (its token stays in this process). */
  conn: SalesforceConnection;
  projectDir?: string;
  /** Bundles and screenshots (default <project>/.nome/preview, git-ignored). */
  cacheDir?: string;
  port?: number;
}

export interface Preview {
  url: string;
  model: AppModel;
  build: BuildResult;
  stop(): Promise<void>;
}

export const defaultCacheDir = (projectDir = PROJECT_DIR) => path.join(projectDir, '.nome', 'preview');

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const projectDir = options.projectDir ?? PROJECT_DIR;
  const schema = loadSchema(projectDir);
  const upstream = upstreamOf(options.conn);
  const standard = await Promise.all(standardObjectsOf(schema).map((name) => describeStandardObject(upstream, name)));
  const model = appModel(schema, standard);
  const lwcDirs = schema.packageDirectories.map((dir) => path.join(projectDir, dir, 'main', 'default', 'lwc'));
  const build = await buildPreview({
    projectDir,
    cacheDir: options.cacheDir ?? defaultCacheDir(projectDir),
    model,
    lwcDirs,
  });
  const server = await startPreviewServer({
    bundleDir: build.dir,
    assetsDir: path.join(
      path.dirname(fileURLToPath(import.meta.resolve('@salesforce-ux/design-system/package.json'))),
      'assets',
    ),
    upstream,
    title: model.label,
    port: options.port,
  });
  return { url: server.url, model, build, stop: server.stop };
}

/**
 * Tells a local org (always on a loopback address) where the preview serves, so `sf org open` lands there; an org
 * elsewhere is a real Salesforce org, which has its own Lightning Experience, and is left alone.
 */
export async function announcePreview(instanceUrl: string, previewUrl: string): Promise<boolean> {
  const host = new URL(instanceUrl).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') return false;
  try {
    const response = await fetch(new URL('/__admin/front-door', instanceUrl), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: previewUrl }),
      signal: AbortSignal.timeout(5_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}
