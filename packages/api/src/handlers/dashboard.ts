import { readFileSync } from 'node:fs';
import { ASSET_DIRS, assetVersion, SHELL_FILE, VENDOR_FILES } from '@aims/dashboard';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** Every URL of the dashboard's pages: each answers with the same shell, so deep links and reload work. */
export const DASHBOARD_PAGES = [
  '/',
  '/index.html',
  '/controls/*id',
  '/clauses/*id',
  '/artifacts/*key',
  '/evidence',
  '/gaps',
  '/ai-systems',
  '/ai-systems/*id',
  '/runs',
  '/runs/*id',
  '/exports',
  '/exports/*id',
];

/** Scripts only from this server, none inline: evidence shown on a page can never run. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';

function securityHeaders(res: Response): void {
  res.set('Content-Security-Policy', CSP);
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Referrer-Policy', 'no-referrer');
}

/**
 * The dashboard (@aims/dashboard): the page shell at every page URL, and its assets under
 * `/assets/<version>/` (the compiled client, stylesheets, uPlot and markdown-it from their npm
 * packages) with long-lived caching. `guard` runs first on each of these routes. `features` names
 * the optional API routes this server answers (`exports`, `forecast`) and whether it wants an API
 * key (`api-key`), so the page shows those parts, and asks for the key, without probing for them.
 * `pages` goes before the API's routes, `notFound` after them.
 */
export function dashboardRouter(
  guard: RequestHandler,
  options: { features?: readonly string[] } = {},
): { pages: express.Router; notFound: RequestHandler } {
  const features = (options.features ?? []).join(' ');
  let shell: { version: string; html: string } | undefined;
  const current = () => {
    shell ??= (() => {
      const version = assetVersion();
      const html = readFileSync(SHELL_FILE, 'utf8')
        .replaceAll('%ASSETS%', `/assets/${version}`)
        .replaceAll('%FEATURES%', features);
      return { version, html };
    })();
    return shell;
  };
  const router = express.Router();

  router.get(DASHBOARD_PAGES, guard, (_req: Request, res: Response) => {
    securityHeaders(res);
    res.set('Cache-Control', 'no-cache');
    res.type('html').send(current().html);
  });

  // An old page may still ask for the assets of an earlier version: served, but not kept.
  const cacheFor = (req: Request, res: Response, next: NextFunction) => {
    res.locals.assetCache = req.params.version === current().version ? IMMUTABLE : 'no-cache';
    next();
  };
  router.get('/assets/:version/vendor/:file', guard, cacheFor, (req: Request, res: Response, next) => {
    const vendored = VENDOR_FILES[String(req.params.file)];
    if (!vendored) return next();
    securityHeaders(res);
    res.set('Cache-Control', res.locals.assetCache as string);
    res.type(vendored.type).sendFile(vendored.file);
  });
  for (const [name, dir] of Object.entries(ASSET_DIRS)) {
    router.use(
      `/assets/:version/${name}`,
      guard,
      cacheFor,
      express.static(dir, {
        index: false,
        cacheControl: false,
        setHeaders: (res) => {
          securityHeaders(res as Response);
          res.setHeader('Cache-Control', (res as Response).locals.assetCache as string);
        },
      }),
    );
  }
  return { pages: router, notFound: pageNotFound(guard, () => current().html) };
}

/** A browser asking for a page (it accepts HTML, not only anything), outside the API's own paths. */
const wantsPage = (req: Request): boolean =>
  (req.method === 'GET' || req.method === 'HEAD') &&
  !/^\/(v1|webhooks|assets)(\/|$)/.test(req.path) &&
  (req.get('accept') ?? '').includes('text/html');

/**
 * Mounted after every route: a browser that asks for a page the dashboard does not have gets the
 * page shell with status 404, and the page says there is nothing at that address (with its
 * navigation), instead of a JSON error. Every other request falls through to the API's 404.
 */
function pageNotFound(guard: RequestHandler, shell: () => string): RequestHandler {
  return (req, res, next) => {
    if (!wantsPage(req)) return next();
    guard(req, res, (error?: unknown) => {
      if (error !== undefined) return next(error);
      securityHeaders(res);
      res.set('Cache-Control', 'no-cache');
      res.status(404).type('html').send(shell());
    });
  };
}
