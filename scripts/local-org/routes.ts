/**
 * The shape of a route: what server.ts dispatches and what the handler modules (deploy, tooling) build. Types only,
 * in their own module, so the handlers need not import the server that imports them.
 */
import type { IncomingMessage } from 'node:http';
import type { Reply } from './rest.ts';

export interface Ctx {
  req: IncomingMessage;
  url: URL;
  method: string;
  segments: string[];
  version: string;
  body: Buffer;
}

export interface Route {
  kind: string;
  write: boolean;
  handle: (ctx: Ctx) => Promise<Reply> | Reply;
  /** Counted against DailyApiRequests and answered with Sforce-Limit-Info. */
  api: boolean;
  auth: boolean;
}

export type RouteMaker = (kind: string, handle: Route['handle'], more?: Partial<Route>) => Route;
export type WriteRouteMaker = (kind: string, handle: Route['handle']) => Route;
