// Payloads recorded from an MLflow 3.17 tracking server (REST 2.0) by creating an experiment, a
// run with params, metrics and dataset inputs (tagged with a licence), an artifact, and a registered
// model version tagged with its evaluation run and validation outcome.
import artifactsEval from './fixtures/artifacts-list-eval.json' with { type: 'json' };
import artifactsRoot from './fixtures/artifacts-list-root.json' with { type: 'json' };
import experimentsSearch from './fixtures/experiments-search.json' with { type: 'json' };
import modelVersionsSearch from './fixtures/model-versions-search.json' with { type: 'json' };
import registeredModelsSearch from './fixtures/registered-models-search.json' with { type: 'json' };
import runsGet from './fixtures/runs-get.json' with { type: 'json' };
import runsSearch from './fixtures/runs-search.json' with { type: 'json' };

export const fixtures = {
  artifactsEval,
  artifactsRoot,
  experimentsSearch,
  modelVersionsSearch,
  registeredModelsSearch,
  runsGet,
  runsSearch,
};
