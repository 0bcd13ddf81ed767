import express, {
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import type { ApiContext } from './context.js';
import { BadRequestError, UnauthorizedError, UnknownWorkspaceError } from './errors.js';
import { dashboardRouter } from './handlers/dashboard.js';
import { getHealth } from './handlers/health.js';
import { authenticate } from './middleware/auth.js';
import { type AuthFailureLimiter, MemoryAuthFailureLimiter } from './middleware/auth-failures.js';
import { errorHandler, notFound } from './middleware/errors.js';
import { loopbackOnly } from './middleware/loopback.js';
import type { ApiOptions, ApiPrincipal } from './options.js';
import { workspaceRoutes } from './routes.js';

/** The workspace named by `X-Aims-Workspace`, if any (checked to be a slug). */
function addressedWorkspace(req: Request): string | undefined {
  const value = req.get('x-aims-workspace')?.trim();
  if (value === undefined || value === '') return undefined;
  if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(value)) {
    throw new BadRequestError(`X-Aims-Workspace "${value.slice(0, 100)}" is not a workspace id`, [
      { path: 'X-Aims-Workspace', message: 'must be a slug ([a-z0-9][a-z0-9-]*)' },
    ]);
  }
  return value;
}

export interface ApiAppOptions extends ApiOptions {
  /** Verified by their signatures, not by keys; mounted under /webhooks. */
  webhooks?: Router | Express;
  /** Further workspaces this API serves; a key reaches only its own (ApiOptions.workspace is the first). */
  moreWorkspaces?: readonly ApiOptions[];
  /** Refuses client addresses with too many failed authentications (default: in memory). */
  authFailures?: AuthFailureLimiter;
  /** Mounted before everything else: request metrics, /healthz, /readyz and /metrics. */
  before?: readonly (RequestHandler | Router)[];
}
/**
 * The evidence API (contracts/openapi/evidence-api.yaml) and the dashboard as an express 5 app,
 * for one workspace or several. `/health` and the dashboard are open; everything under `/v1`
 * needs an API key when `options.auth` is set (and then reaches only the key's workspace), and
 * without keys only loopback hosts are answered and the first workspace is served.
 */
export function createApiApp(options: ApiAppOptions): Express {
  const contexts = [options, ...(options.moreWorkspaces ?? [])].map(
    (workspace): ApiContext => ({ ...workspace, now: workspace.now ?? options.now ?? (() => new Date()) }),
  );
  const ctx = contexts[0] as ApiContext;
  const routers = new Map(contexts.map((workspace) => [workspace.workspace, workspaceRoutes(workspace)]));
  const app = express();
  app.disable('x-powered-by');
  app.set('json spaces', 0);

  for (const handler of options.before ?? []) app.use(handler);
  app.get('/health', getHealth(ctx));
  if (options.webhooks) app.use(options.webhooks);
  const local = loopbackOnly(options.auth === undefined);
  const dashboard =
    (options.dashboard ?? true)
      ? dashboardRouter(local, {
          features: [
            ...(options.exports ? ['exports'] : []),
            'forecast',
            ...(options.auth ? ['api-key'] : []),
          ],
        })
      : undefined;
  if (dashboard) app.use(dashboard.pages);

  const v1 = express.Router();
  v1.use(local);
  const failures = options.authFailures ?? (options.auth ? new MemoryAuthFailureLimiter() : undefined);
  v1.use(authenticate(options.auth, new Set(routers.keys()), failures));
  // The workspace is the key's: no path names one, so a key never reaches another's data.
  v1.use((req: Request, res: Response, next: NextFunction) => {
    const principal = res.locals.principal as ApiPrincipal | undefined;
    const named = addressedWorkspace(req);
    if (named !== undefined && !routers.has(named)) throw new UnknownWorkspaceError(named);
    if (named !== undefined && principal && principal.workspace !== named) {
      throw new UnauthorizedError(`this API key is not a key of workspace "${named}"`);
    }
    const router = routers.get(named ?? principal?.workspace ?? ctx.workspace) as Router;
    router(req, res, next);
  });
  app.use('/v1', v1);

  if (dashboard) app.use(dashboard.notFound);
  app.use(notFound);
  app.use(errorHandler(options.onError));
  return app;
}
