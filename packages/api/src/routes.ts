import express, { type Router } from 'express';
import type { ApiContext } from './context.js';
import { NotImplementedError } from './errors.js';
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from './handlers/admin-keys.js';
import { getAiSystem, listAiSystems } from './handlers/ai-systems.js';
import { getArtifactAudit } from './handlers/artifact-audit.js';
import { closeCorrectiveAction } from './handlers/close-corrective-action.js';
import { getControlHistory } from './handlers/control-history.js';
import { getCoverageHistory } from './handlers/coverage-history.js';
import { createAudit } from './handlers/create-audit.js';
import { createCorrectiveAction } from './handlers/create-corrective-action.js';
import { createExport } from './handlers/create-export.js';
import { createFinding } from './handlers/create-finding.js';
import { getArtifact } from './handlers/get-artifact.js';
import { getArtifactVersion } from './handlers/get-artifact-version.js';
import { getVersionContent } from './handlers/get-content.js';
import { getControl } from './handlers/get-control.js';
import { downloadExport, getExport, listExports } from './handlers/get-export.js';
import { getForecast } from './handlers/get-forecast.js';
import { getHarvestRun } from './handlers/get-harvest-run.js';
import { listArtifactVersions } from './handlers/list-artifact-versions.js';
import { listArtifacts } from './handlers/list-artifacts.js';
import { listAudits } from './handlers/list-audits.js';
import { listConnectors } from './handlers/list-connectors.js';
import { listControls } from './handlers/list-controls.js';
import { listCorrectiveActions } from './handlers/list-corrective-actions.js';
import { listFindings } from './handlers/list-findings.js';
import { listGaps } from './handlers/list-gaps.js';
import { listHarvestRuns } from './handlers/list-harvest-runs.js';
import { listKpis } from './handlers/list-kpis.js';
import { triggerHarvest } from './handlers/trigger-harvest.js';
import { requireScope } from './middleware/auth.js';
import { jsonBody } from './middleware/json-body.js';
import { SCOPES } from './options.js';

/** The /v1 routes of one workspace (authentication happens before, in the app). */
export function workspaceRoutes(ctx: ApiContext): Router {
  const router = express.Router();
  // Where this router is mounted, for request metrics by route (errors are answered outside it).
  router.use((req, res, next) => {
    res.locals.routeBase = req.baseUrl;
    next();
  });
  const read = requireScope(SCOPES.read);
  router.get('/artifacts', read, listArtifacts(ctx));
  router.get('/artifacts/:artifactKey', read, getArtifact(ctx));
  router.get('/artifacts/:artifactKey/versions', read, listArtifactVersions(ctx));
  router.get('/artifacts/:artifactKey/versions/:version', read, getArtifactVersion(ctx));
  router.get('/artifacts/:artifactKey/audit', read, getArtifactAudit(ctx));
  router.get('/artifacts/:artifactKey/versions/:version/content', read, getVersionContent(ctx));
  router.get('/controls', read, listControls(ctx));
  router.get('/controls/:controlId', read, getControl(ctx));
  router.get('/controls/:controlId/history', read, getControlHistory(ctx));
  router.get('/coverage/history', read, getCoverageHistory(ctx));
  router.get('/gaps', read, listGaps(ctx));
  router.get('/forecast', read, getForecast(ctx));
  router.get('/kpis', read, listKpis(ctx));
  router.get('/ai-systems', read, listAiSystems(ctx));
  router.get('/ai-systems/:aiSystemId', read, getAiSystem(ctx));
  router.get('/harvest-runs', read, listHarvestRuns(ctx));
  router.get('/harvest-runs/:runId', read, getHarvestRun(ctx));
  router.get('/connectors', read, listConnectors(ctx));
  // Internal audits, findings and corrective actions (clauses 9.2, 10.2): read from every source,
  // written as evidence of the built-in source aims-api (501 without an evidence sink).
  router.get('/audits', read, listAudits(ctx));
  router.get('/findings', read, listFindings(ctx));
  router.get('/corrective-actions', read, listCorrectiveActions(ctx));
  const audit = requireScope(SCOPES.audit);
  router.post('/audits', audit, jsonBody(), createAudit(ctx));
  router.post('/findings', audit, jsonBody(), createFinding(ctx));
  router.post('/corrective-actions', audit, jsonBody(), createCorrectiveAction(ctx));
  router.post('/corrective-actions/:actionId/close', audit, jsonBody(), closeCorrectiveAction(ctx));
  if (ctx.harvest) {
    router.post(
      '/connectors/:instance/runs',
      requireScope(SCOPES.harvest),
      jsonBody(),
      triggerHarvest(ctx, ctx.harvest),
    );
  }
  if (ctx.exports) {
    router.post('/exports', requireScope(SCOPES.exports), jsonBody(), createExport(ctx.exports));
    router.get('/exports', read, listExports(ctx.exports));
    router.get('/exports/:exportId', read, getExport(ctx.exports));
    router.get('/exports/:exportId/download', read, downloadExport(ctx.exports));
  } else {
    // In the contract, not on this server: a clear 501 rather than a 404 that looks like a typo.
    const notBuilt = (what: string) => () => {
      throw new NotImplementedError(what);
    };
    router.post('/exports', jsonBody(), notBuilt('creating exports (POST /v1/exports)'));
    router.get('/exports', notBuilt('exports (GET /v1/exports)'));
    router.get('/exports/:exportId', notBuilt('exports (GET /v1/exports/{exportId})'));
    router.get('/exports/:exportId/download', notBuilt('export downloads'));
  }
  const admin = requireScope(SCOPES.admin);
  router.post('/admin/keys', admin, jsonBody(), createApiKey(ctx));
  router.get('/admin/keys', admin, listApiKeys(ctx));
  router.delete('/admin/keys/:keyId', admin, revokeApiKey(ctx));
  router.post('/admin/keys/:keyId/rotate', admin, jsonBody(), rotateApiKey(ctx));
  return router;
}
