import type { NextFunction, Request, Response } from 'express';
import type { MeshMetrics } from './metrics.js';

/** Whether an express 5 path template (`/v1/artifacts/:key`, `/files/*path`, `/a{/:b}`) matches `path`. */
function matches(template: string, path: string): boolean {
  const pattern = template
    .replace(/[.+?^$()|[\]\\]/g, '\\$&')
    .replace(/\{/g, '(?:')
    .replace(/\}/g, ')?')
    .replace(/:\w+/g, '[^/]+')
    .replace(/\*\w+/g, '.+');
  return new RegExp(`^${pattern}/?$`).test(path);
}

/**
 * The template of the route that answered: the router's mount path (kept in `res.locals.routeBase`
 * by routers that throw to an app-level error handler, which loses it) and the route's own path.
 * An error handler mounted under a path changes `req.baseUrl` by the time the response is sent,
 * so the candidate that matches the request path wins.
 */
function routeOf(req: Request, res: Response): string {
  const template = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof template !== 'string') return 'unmatched';
  const path = (req.originalUrl ?? req.url).split('?')[0] ?? '';
  const bases = [
    typeof res.locals.routeBase === 'string' ? res.locals.routeBase : undefined,
    req.baseUrl,
    '',
  ];
  const candidates = bases
    .filter((base): base is string => base !== undefined)
    .map((base) => `${base}${template}`);
  return candidates.find((candidate) => matches(candidate, path)) ?? (candidates[0] as string);
}

/**
 * Times every request and records it by route template (`/v1/artifacts/:artifactKey`, never the
 * concrete path, so artifact keys do not become label values), method and status.
 */
export function httpMetrics(metrics: MeshMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = metrics.requestDuration.startTimer();
    res.once('finish', () => {
      end({ route: routeOf(req, res), method: req.method, status: String(res.statusCode) });
    });
    next();
  };
}
