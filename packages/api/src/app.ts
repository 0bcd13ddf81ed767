import express, { type Express, type Router } from 'express';
import type { ApiContext } from './context.js';
import { NotImplementedError } from './errors.js';
import { getAiSystem, listAiSystems } from './handlers/ai-systems.js';
import { getArtifactAudit } from './handlers/artifact-audit.js';
import { getControlHistory } from './handlers/control-history.js';
import { getCoverageHistory } from './handlers/coverage-history.js';
import { getDashboard } from './handlers/dashboard.js';
import { getArtifact } from './handlers/get-artifact.js';
import { getArtifactVersion } from './handlers/get-artifact-version.js';
import { getControl } from './handlers/get-control.js';
import { getHarvestRun } from './handlers/get-harvest-run.js';
import { getHealth } from './handlers/health.js';
import { listArtifactVersions } from './handlers/list-artifact-versions.js';
import { listArtifacts } from './handlers/list-artifacts.js';
import { listConnectors } from './handlers/list-connectors.js';
import { listControls } from './handlers/list-controls.js';
import { listGaps } from './handlers/list-gaps.js';
import { listHarvestRuns } from './handlers/list-harvest-runs.js';
import { triggerHarvest } from './handlers/trigger-harvest.js';
import { authenticate, requireScope } from './middleware/auth.js';
import { errorHandler, notFound } from './middleware/errors.js';
import { jsonBody } from './middleware/json-body.js';
import { loopbackOnly } from './middleware/loopback.js';
import { type ApiOptions, SCOPES } from './options.js';

/**
 * The evidence API (contracts/openapi/evidence-api.yaml) and the dashboard as an express 5 app.
 * `/health` and the dashboard are open; everything under `/v1` needs an API key when
 * `options.auth` is set, and without keys only loopback hosts are answered. `webhooks` (verified
 * by their signatures, not by keys) are mounted under `/webhooks`.
 */
export function createApiApp(options: ApiOptions & { webhooks?: Router | Express }): Express {
  const ctx: ApiContext = { ...options, now: options.now ?? (() => new Date()) };
  const app = express();
  app.disable('x-powered-by');
  app.set('json spaces', 0);

  app.get('/health', getHealth(ctx));
  if (options.webhooks) app.use(options.webhooks);
  const local = loopbackOnly(options.auth === undefined);
  if (options.dashboard ?? true) app.get(['/', '/index.html'], local, getDashboard());

  const v1 = express.Router();
  v1.use(local);
  v1.use(authenticate(options.auth, options.workspace));
  const read = requireScope(SCOPES.read);
  v1.get('/artifacts', read, listArtifacts(ctx));
  v1.get('/artifacts/:artifactKey', read, getArtifact(ctx));
  v1.get('/artifacts/:artifactKey/versions', read, listArtifactVersions(ctx));
  v1.get('/artifacts/:artifactKey/versions/:version', read, getArtifactVersion(ctx));
  v1.get('/artifacts/:artifactKey/audit', read, getArtifactAudit(ctx));
  v1.get('/controls', read, listControls(ctx));
  v1.get('/controls/:controlId', read, getControl(ctx));
  v1.get('/controls/:controlId/history', read, getControlHistory(ctx));
  v1.get('/coverage/history', read, getCoverageHistory(ctx));
  v1.get('/gaps', read, listGaps(ctx));
  v1.get('/ai-systems', read, listAiSystems(ctx));
  v1.get('/ai-systems/:aiSystemId', read, getAiSystem(ctx));
  v1.get('/harvest-runs', read, listHarvestRuns(ctx));
  v1.get('/harvest-runs/:runId', read, getHarvestRun(ctx));
  v1.get('/connectors', read, listConnectors(ctx));
  if (options.harvest) {
    v1.post(
      '/connectors/:instance/runs',
      requireScope(SCOPES.harvest),
      jsonBody(),
      triggerHarvest(ctx, options.harvest),
    );
  }
  // In the contract, not on this server yet: a clear 501 rather than a 404 that looks like a typo.
  const notBuilt = (what: string) => () => {
    throw new NotImplementedError(what);
  };
  v1.post('/exports', jsonBody(), notBuilt('creating exports (POST /v1/exports)'));
  v1.get('/exports/:exportId', notBuilt('exports (GET /v1/exports/{exportId})'));
  app.use('/v1', v1);

  app.use(notFound);
  app.use(errorHandler(options.onError));
  return app;
}
