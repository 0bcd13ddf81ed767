// The dashboard's entry point: the routes of every page, then the first render.
import { pageShown, startLayout } from './layout.js';
import { aiSystemPage, aiSystemsPage } from './pages/ai-systems.js';
import { artifactPage } from './pages/artifact.js';
import { controlPage } from './pages/control.js';
import { evidencePage } from './pages/evidence.js';
import { exportPage, exportsPage } from './pages/exports.js';
import { gapsPage } from './pages/gaps.js';
import { overviewPage } from './pages/overview.js';
import { runPage, runsPage } from './pages/runs.js';
import { type Route, startRouter } from './router.js';

const routes: readonly Route[] = [
  [/^\/(?:index\.html)?$/, overviewPage],
  [/^\/controls\/([^/]+)$/, controlPage],
  [/^\/clauses\/([^/]+)$/, controlPage],
  [/^\/artifacts\/([^/]+)$/, artifactPage],
  [/^\/evidence$/, evidencePage],
  [/^\/gaps$/, gapsPage],
  [/^\/ai-systems$/, aiSystemsPage],
  [/^\/ai-systems\/([^/]+)$/, aiSystemPage],
  [/^\/runs$/, runsPage],
  [/^\/runs\/([^/]+)$/, runPage],
  [/^\/exports$/, exportsPage],
  [/^\/exports\/([^/]+)$/, exportPage],
];

startRouter(routes, pageShown);
void startLayout();
