import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FolderBlobStore } from '@aims/blobs';
import { EmbeddedEventBus } from '@aims/bus';
import type { Catalogue } from '@aims/catalogue';
import type { ArtifactKind, RawEvidenceRecord } from '@aims/core';
import { API_SOURCE, defaultTopics } from '@aims/core';
import { createExportService } from '@aims/export';
import { aimsJobs, EmbeddedJobQueue } from '@aims/queue';
import { createScorer } from '@aims/scorer';
import { readLibraryFile } from '@aims/scoring';
import { silentLogger } from '@aims/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type ApiOptions,
  apiKeyRecord,
  catalogueApiKeys,
  createApiApp,
  MemoryAuthFailureLimiter,
  newApiKey,
  SCOPES,
} from '../src/index.js';
import { DOCUMENTS, NOW, rawRecord, writeRecords } from './fixture.js';

/** Every workspace-bound operation of the contract, so a new route is covered the day it is added. */
async function contractOperations(): Promise<{ method: string; path: string }[]> {
  const file = resolve(import.meta.dirname, '../../../contracts/openapi/evidence-api.yaml');
  const doc = parse(await readFile(file, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const operations: { method: string; path: string }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/v1/')) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if (item[method]) operations.push({ method: method.toUpperCase(), path });
    }
  }
  return operations;
}

interface Tenant {
  workspace: string;
  instance: string;
  key: string;
  keyId: string;
  artifactKey: string;
  runId: string;
  exportId: string;
  aiSystem: string;
  /** An audit, a major nonconformity of it and an open corrective action, as the API records them. */
  auditId: string;
  findingId: string;
  actionId: string;
}

/** An audit, a finding and a corrective action of a workspace, as records of the API's own source. */
function auditRecordsOf(workspace: string, n: number): RawEvidenceRecord[] {
  const base = (externalId: string, kind: ArtifactKind, attributes: Record<string, unknown>) => ({
    recordId: randomUUID(),
    workspace,
    source: { connector: API_SOURCE.connector, instance: API_SOURCE.instance },
    externalId,
    op: 'upsert' as const,
    kind,
    observedAt: '2026-11-27T09:00:00Z',
    collector: { ...API_SOURCE.collector },
    attributes,
  });
  return [
    base(`audits/IA-${n}`, 'audit.internal', {
      auditId: `IA-${n}`,
      scope: { controls: ['A.2.2'] },
      auditors: ['qa'],
      startedAt: '2026-11-20T09:00:00Z',
    }),
    base(`findings/F-${n}`, 'audit.finding', {
      findingId: `F-${n}`,
      auditId: `IA-${n}`,
      grade: 'major_nonconformity',
      controls: ['A.2.2'],
    }),
    base(`corrective-actions/CA-${n}`, 'audit.corrective-action', {
      actionId: `CA-${n}`,
      findingId: `F-${n}`,
      rootCause: 'r',
      owner: 'o',
      dueAt: '2026-12-31T00:00:00Z',
      status: 'open',
    }),
  ];
}

/** Acme's evidence rewritten as another workspace's, under its own instance and titles. */
function recordsOf(workspace: string, instance: string, label: string): RawEvidenceRecord[] {
  return DOCUMENTS.map((spec) => {
    const record = rawRecord({ ...spec, instance, title: `${label} ${spec.title}` });
    const aiSystems = record.aiSystems?.map((id) => `${id}-${label.toLowerCase()}`);
    return { ...record, workspace, ...(aiSystems ? { aiSystems } : {}) };
  });
}

/**
 * One API process serving two workspaces of one catalogue: for every route of the contract, a
 * key of one workspace never reaches the other's data (it is 404, or the answer holds none of
 * it), a key naming the other workspace is 401, and a workspace not served is 404.
 */
export function describeWorkspaceIsolation(
  name: string,
  open: () => Promise<{ catalogue: Catalogue; dispose: () => Promise<void> }>,
): void {
  describe(`workspace isolation (${name})`, () => {
    let catalogue: Catalogue;
    let dispose: () => Promise<void>;
    let baseUrl = '';
    let close: () => Promise<void> = async () => undefined;
    let folder = '';
    const tenants: Record<'acme' | 'globex', Tenant> = {} as Record<'acme' | 'globex', Tenant>;
    const triggered: string[] = [];

    beforeAll(async () => {
      ({ catalogue, dispose } = await open());
      await catalogue.migrate();
      const library = await readLibraryFile();
      folder = await mkdtemp(join(tmpdir(), 'aims-isolation-'));
      const blobs = new FolderBlobStore({ root: folder });
      const queue = new EmbeddedJobQueue(aimsJobs);
      const workspaces: ApiOptions[] = [];
      for (const [workspace, instance, label] of [
        ['acme', 'docs', 'Acme'],
        ['globex', 'drive', 'Globex'],
      ] as const) {
        const body = `${label} AI policy body`;
        const stored = await blobs.put(body, { contentType: 'text/markdown' });
        const records = recordsOf(workspace, instance, label).map((record, i) =>
          i === 0
            ? {
                ...record,
                content: {
                  sha256: stored.sha256,
                  size: stored.size,
                  mediaType: 'text/markdown',
                  blobKey: stored.key,
                },
              }
            : record,
        );
        const created = await writeRecords(catalogue, library, records);
        const n = workspace === 'acme' ? 1 : 2;
        await writeRecords(catalogue, library, auditRecordsOf(workspace, n));
        const runId = `${workspace}-run-1`;
        await catalogue.putHarvestRun({
          runId,
          workspace,
          instance,
          connector: 'local-folder',
          status: 'succeeded',
          startedAt: '2026-11-27T09:00:00Z',
          finishedAt: '2026-11-27T09:01:00Z',
          records: records.length,
          gaps: [],
        });
        const key = newApiKey();
        const record = apiKeyRecord({
          key,
          workspace,
          name: `${label} everything`,
          scopes: Object.values(SCOPES),
          createdBy: 'test',
          now: NOW,
        });
        await catalogue.createApiKey(record, { type: 'user', id: 'test' });
        const exports = createExportService({
          catalogue,
          blobs,
          library,
          workspace,
          organisation: label,
          toolVersion: 'test',
          inventory: [],
          queue,
          knownAiSystems: async () =>
            new Set((await catalogue.listAiSystemSummaries(workspace)).map((summary) => summary.id)),
          now: () => NOW,
        });
        workspaces.push({
          workspace,
          catalogue,
          library,
          blobs,
          exports,
          connectors: [{ instance, connector: 'local-folder', enabled: true }],
          harvest: {
            trigger: async (which) => {
              triggered.push(`${workspace}/${which}`);
              return { jobId: `${workspace}-job` };
            },
          },
          version: 'test',
          // Posted audits, findings and corrective actions stored as the normaliser would.
          evidence: {
            publish: async (posted) => {
              await writeRecords(catalogue, library, posted);
            },
          },
          // A calendar, so GET /v1/forecast has its default date (the next audit).
          certification: { certifiedAt: '2026-03-16' },
          now: () => NOW,
        });
        tenants[workspace] = {
          workspace,
          instance,
          key,
          keyId: record.id,
          artifactKey: created[0]?.key as string,
          runId,
          exportId: '',
          aiSystem: `triage-${label.toLowerCase()}`,
          auditId: `IA-${n}`,
          findingId: `F-${n}`,
          actionId: `CA-${n}`,
        };
      }
      const bus = new EmbeddedEventBus({ defaultPartitions: 1 });
      const scorer = createScorer({
        bus,
        catalogue,
        topics: defaultTopics,
        groupId: 'isolation-scorer',
        library,
        workspaces: ['acme', 'globex'],
        inventoryFor: () => [],
        logger: silentLogger(),
        now: () => NOW,
      });
      await scorer.start();
      await scorer.stop();
      await bus.close();
      for (const options of workspaces) {
        const record = await options.exports?.create({ asOf: NOW.toISOString() }, 'test');
        tenants[options.workspace as 'acme' | 'globex'].exportId = record?.id as string;
      }
      const app = createApiApp({
        ...(workspaces[0] as ApiOptions),
        moreWorkspaces: workspaces.slice(1),
        auth: catalogueApiKeys(catalogue, { now: () => NOW }),
        authFailures: new MemoryAuthFailureLimiter({ max: 10_000 }),
      });
      const server = app.listen(0, '127.0.0.1');
      await new Promise<void>((done) => server.once('listening', done));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = async () => {
        await new Promise<void>((done) => server.close(() => done()));
        await queue.close();
      };
    }, 120_000);

    afterAll(async () => {
      await close();
      await dispose?.();
      if (folder) await rm(folder, { recursive: true, force: true });
    });

    /** The operation's path with the ids of `owner`'s resources. */
    function urlOf(path: string, owner: Tenant, controlId: string): string {
      const values: Record<string, string> = {
        artifactKey: owner.artifactKey,
        version: '1',
        controlId,
        aiSystemId: owner.aiSystem,
        exportId: owner.exportId,
        runId: owner.runId,
        instance: owner.instance,
        keyId: owner.keyId,
        actionId: owner.actionId,
      };
      return path.replace(/\{(\w+)\}/g, (_, param: string) => {
        const value = values[param];
        if (value === undefined)
          throw new Error(`isolation test: no value for path parameter {${param}} of ${path}`);
        return encodeURIComponent(value);
      });
    }

    /** A valid body for the route, naming `owner`'s resources. */
    function bodyOf(method: string, path: string, owner: Tenant): string | undefined {
      if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') return undefined;
      if (path === '/v1/admin/keys')
        return JSON.stringify({ name: 'made in test', scopes: ['evidence:read'] });
      if (path === '/v1/audits')
        return JSON.stringify({
          title: 'Isolation audit',
          scope: { controls: ['A.2.2'] },
          auditors: ['qa'],
          startedAt: '2026-11-20T09:00:00Z',
        });
      if (path === '/v1/findings')
        return JSON.stringify({
          auditId: owner.auditId,
          grade: 'observation',
          controls: ['A.2.2'],
          description: 'd',
        });
      if (path === '/v1/corrective-actions')
        return JSON.stringify({
          findingId: owner.findingId,
          rootCause: 'r',
          owner: 'o',
          dueAt: '2026-12-31T00:00:00Z',
        });
      if (path.startsWith('/v1/corrective-actions/') && path.endsWith('/close'))
        return JSON.stringify({
          closureEvidence: [{ artifactKey: owner.artifactKey, version: 1 }],
          verifiedBy: 'qa',
        });
      return '{}';
    }

    /** Routes whose body names another resource: an id of another workspace is unknown there (422). */
    const namesInBody = new Set(['POST /v1/findings', 'POST /v1/corrective-actions']);

    async function send(
      method: string,
      url: string,
      key: string,
      extra: Record<string, string> = {},
      owner: Tenant = tenants.acme,
    ) {
      const body = bodyOf(method, url.split('?')[0] as string, owner);
      const res = await fetch(`${baseUrl}${url}`, {
        method,
        redirect: 'manual',
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...extra,
        },
        ...(body === undefined ? {} : { body }),
      });
      return { status: res.status, text: await res.text() };
    }

    it('a key reaches only its own workspace, on every route of the contract', async () => {
      const operations = await contractOperations();
      expect(operations.length).toBeGreaterThanOrEqual(20);
      const controlId = (await readLibraryFile()).controls[0]?.id as string;
      const { acme, globex } = tenants;
      // Mutating routes run last, so the reads see the fixture as set up.
      const ordered = [...operations].sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));
      for (const { method, path } of ordered) {
        const label = `${method} ${path}`;
        // Another workspace's resources: not found, or an answer that holds none of its data.
        const foreign = await send(method, urlOf(path, acme, controlId), globex.key);
        expect(
          [200, 201, 202, 204, 404, ...(namesInBody.has(label) ? [422] : [])],
          `${label} with globex's key on acme's ids`,
        ).toContain(foreign.status);
        if (foreign.status !== 404) {
          expect(foreign.text, `${label} with globex's key`).not.toMatch(/acme/i);
        }
        // Naming the other workspace outright is refused before anything is read.
        const named = await send(method, urlOf(path, globex, controlId), globex.key, {
          'x-aims-workspace': 'acme',
        });
        expect(named.status, `${label} naming acme with globex's key`).toBe(401);
        const unknown = await send(method, urlOf(path, globex, controlId), globex.key, {
          'x-aims-workspace': 'initech',
        });
        expect(unknown.status, `${label} naming a workspace not served`).toBe(404);
        expect(JSON.parse(unknown.text).error.code).toBe('unknown_workspace');
        // And the owner's own key does reach it, so the refusals above are about the workspace.
        if (path === '/v1/admin/keys/{keyId}' || path === '/v1/admin/keys/{keyId}/rotate') continue;
        const own = await send(method, urlOf(path, acme, controlId), acme.key);
        expect([200, 201, 202, 204, 302, 409], `${label} with acme's own key`).toContain(own.status);
        if (own.status < 300 && method === 'GET') expect(own.text, label).not.toMatch(/globex/i);
      }
      // Nothing of acme's was changed through globex's key.
      expect(triggered).toEqual(['acme/docs']);
      const acmeKey = await catalogue.getApiKey(acme.keyId);
      expect(acmeKey?.revokedAt).toBeUndefined();
      // globex's key made a key of globex, never of acme (acme's own call made acme's one).
      const made = (await catalogue.listApiKeys()).filter((key) => key.name === 'made in test');
      expect(made.map((key) => key.workspace).sort()).toEqual(['acme', 'globex']);
    });
  });
}
