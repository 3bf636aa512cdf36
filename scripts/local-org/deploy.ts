/** Metadata API REST deploys (placeholder until implemented). */
import type { Ctx, Route, RouteMaker, WriteRouteMaker } from './server.ts';

export interface MetadataDeploys {
  reload: (projectDir?: string) => Promise<void>;
}

export function handleMetadata(deploys: MetadataDeploys, ctx: Ctx, p: string[], r: RouteMaker, w: WriteRouteMaker): Route | undefined {
  void [deploys, ctx, p, r, w];
  return undefined;
}
