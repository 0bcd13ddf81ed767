import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractErrors } from '../test/contract.js';
import { call, type Harness, NOW, startHarness, WORKSPACE } from '../test/fixture.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ api: { harvest: { trigger: async () => ({ jobId: 'job-1' }) } } });
  await harness.catalogue.putHarvestRun({
    runId: 'run-1',
    workspace: WORKSPACE,
    instance: 'docs',
    connector: 'local-folder',
    status: 'partial',
    startedAt: NOW.toISOString(),
    finishedAt: NOW.toISOString(),
    records: 4,
    gaps: [
      {
        slice: 'root:docs',
        stream: 'documents',
        error: { code: 'malformed_payload', message: 'bad YAML' },
        at: NOW.toISOString(),
      },
    ],
  });
});
afterAll(() => harness.close());

const key = encodeURIComponent(`${WORKSPACE}/docs/file:docs/ai-policy.md`);

describe('responses follow contracts/openapi/evidence-api.yaml', () => {
  it.each([
    ['/health', 'Health'],
    ['/v1/artifacts?limit=2', 'ArtifactPage'],
    ['/v1/artifacts?includeDeleted=true', 'ArtifactPage'],
    [`/v1/artifacts/${key}`, 'Artifact'],
    [`/v1/artifacts/${key}/versions`, 'ArtifactVersionPage'],
    [`/v1/artifacts/${key}/versions/1`, 'ArtifactVersion'],
    ['/v1/controls', 'ControlList'],
    ['/v1/controls?aiSystem=triage', 'ControlList'],
    ['/v1/controls/A.2.2', 'ControlDetail'],
    ['/v1/controls/A.7.4', 'ControlDetail'],
    ['/v1/gaps', 'GapReport'],
    ['/v1/forecast?at=2027-06-01', 'Forecast'],
    ['/v1/forecast?at=2027-06-01&aiSystem=triage', 'Forecast'],
    ['/v1/forecast', 'ErrorResponse'],
    ['/v1/controls?library=annex-a', 'ControlList'],
    ['/v1/harvest-runs', 'HarvestRunPage'],
    ['/v1/harvest-runs/run-1', 'HarvestRun'],
    ['/v1/connectors', 'ConnectorList'],
    ['/v1/ai-systems', 'AiSystemPage'],
    ['/v1/ai-systems/triage', 'AiSystem'],
    ['/v1/ai-systems/unknown', 'ErrorResponse'],
    ['/v1/controls/A.99.9', 'ErrorResponse'],
    ['/v1/artifacts?limit=9999', 'ErrorResponse'],
  ])('GET %s is a %s', async (path, schema) => {
    const { body } = await call(harness, path);
    expect(contractErrors(schema, body)).toEqual([]);
  });

  it('POST /v1/connectors/{instance}/runs is a HarvestQueued', async () => {
    const { status, body } = await call(harness, '/v1/connectors/docs/runs', { method: 'POST' });
    expect(status).toBe(202);
    expect(contractErrors('HarvestQueued', body)).toEqual([]);
  });

  it('the checker itself rejects a body that breaks the contract', () => {
    expect(contractErrors('ControlList', { items: [], scoredAt: 'yesterday' })).not.toEqual([]);
  });
});
