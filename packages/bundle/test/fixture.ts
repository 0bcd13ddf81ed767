import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderBlobStore } from '@aims/blobs';
import {
  type BundleInput,
  type BundleVersion,
  contentFromBlobStore,
  type WriteBundleOptions,
  writeBundle,
} from '../src/index.js';

/** Pseudo-random but fixed bytes (xorshift32), for content that must not compress. */
export function noise(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 1) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

const POLICY = '# AI policy\n\nApproved by the board. <b>Not markup</b> & "quoted".\n';
const LOG = Array.from({ length: 40_000 }, (_, i) => `2026-11-0${(i % 9) + 1} run ${i} passed\n`).join('');

export interface Fixture {
  store: FolderBlobStore;
  dir: string;
  input: BundleInput;
  /** Writes a bundle of `input` to a file in the fixture's folder. */
  write(name: string, options?: Partial<WriteBundleOptions>, input?: BundleInput): Promise<string>;
  dispose(): Promise<void>;
}

function version(key: string, n: number, rest: Partial<BundleVersion>): BundleVersion {
  return {
    key,
    version: n,
    kind: 'policy.document',
    collectedAt: '2026-11-20T09:00:00Z',
    freshness: [],
    controls: [],
    ...rest,
  };
}

/** A small workspace: four controls in two objectives, one of each status, five versions. */
export async function makeFixture(): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'aims-bundle-'));
  const store = new FolderBlobStore({ root: join(dir, 'blobs') });
  const policy = await store.put(POLICY, { contentType: 'text/markdown' });
  const log = await store.put(LOG, { contentType: 'text/plain' });
  const pdf = await store.put(noise(300_000, 42), { contentType: 'application/pdf' });
  const versions: BundleVersion[] = [
    version('acme/folder/policies/ai-policy.md', 2, {
      title: '<script>alert("x")</script> AI policy',
      url: 'https://example.test/policies/ai-policy.md',
      effectiveAt: '2026-11-01T00:00:00Z',
      expiresAt: '2027-11-01T00:00:00Z',
      content: { sha256: policy.sha256, mediaType: 'text/markdown; charset=utf-8', size: policy.size },
      controls: ['A.2.2'],
      freshness: [
        { controlId: 'A.2.2', requirementId: 'policy', freshUntil: '2027-11-01T00:00:00Z', stale: false },
      ],
    }),
    version('acme/folder/policies/ai-policy.md', 1, {
      title: 'AI policy (draft)',
      content: { sha256: policy.sha256, mediaType: 'text/markdown', size: policy.size },
      controls: ['A.2.2'],
    }),
    version('acme/github/repo:acme/models:run:77', 1, {
      kind: 'ci.workflow-run',
      title: '=HYPERLINK("http://evil.test","evaluation")',
      expiresAt: '2026-11-10T00:00:00Z',
      content: { sha256: log.sha256, mediaType: 'text/plain', size: log.size },
      controls: ['A.6.2.4'],
      freshness: [
        {
          controlId: 'A.6.2.4',
          requirementId: 'evaluation',
          freshUntil: '2026-11-10T00:00:00Z',
          stale: true,
        },
      ],
    }),
    version('acme/s3/bucket:evidence/model-card.pdf', 3, {
      kind: 'ml.model-card',
      title: 'Model card',
      content: { sha256: pdf.sha256, mediaType: 'application/pdf', size: pdf.size },
      controls: ['A.6.2.4'],
    }),
    version('acme/github/repo:acme/models:branch-protection', 1, {
      kind: 'repo.branch-protection',
      title: 'Branch protection on main',
      attributes: { repo: 'acme/models', branch: 'main', requiredReviews: 2, enforceAdmins: true },
      controls: ['A.6.2.4'],
    }),
  ];
  const input: BundleInput = {
    organisation: 'Acme Analytics Ltd',
    workspace: 'acme',
    asOf: '2026-11-28T10:00:00Z',
    toolVersion: 'aims-evidence-mesh 0.1.0',
    library: { id: 'iso42001-2023', version: '1.0.0' },
    objectives: [
      { id: 'A.6', title: 'AI system life cycle' },
      { id: 'A.2', title: 'Policies related to AI' },
    ],
    versions,
    controls: [
      {
        id: 'A.6.2.4',
        title: 'AI system verification and validation',
        objectiveId: 'A.6',
        status: 'partially_compliant',
        coverage: 62.5,
        present: 100,
        fresh: 25,
        explanation: {
          summary: 'Evaluation evidence is stale.',
          requirements: [
            {
              id: 'evaluation',
              description: 'A passing evaluation run in the last 90 days',
              satisfied: false,
              satisfiedBy: [],
              stale: [
                { key: 'acme/github/repo:acme/models:run:77', version: 1, expiredAt: '2026-11-10T00:00:00Z' },
              ],
              missing: '1 fresh evaluation run',
            },
            {
              id: 'card',
              description: 'A model card',
              satisfied: true,
              satisfiedBy: [
                { key: 'acme/s3/bucket:evidence/model-card.pdf', version: 3 },
                { key: 'acme/github/repo:acme/models:branch-protection', version: 1 },
              ],
              stale: [],
            },
          ],
        },
      },
      {
        id: 'A.2.2',
        title: 'AI policy',
        objectiveId: 'A.2',
        status: 'compliant',
        coverage: 100,
        explanation: {
          summary: 'An approved AI policy is in force.',
          requirements: [
            {
              id: 'policy',
              description: 'An approved AI policy',
              satisfied: true,
              satisfiedBy: [{ key: 'acme/folder/policies/ai-policy.md', version: 2 }],
              stale: [],
            },
          ],
        },
      },
      {
        id: 'A.2.3',
        title: 'Alignment with other organizational policies',
        objectiveId: 'A.2',
        status: 'not_compliant',
        coverage: 0,
        explanation: {
          summary: 'No evidence.',
          requirements: [
            {
              id: 'alignment',
              description: 'A policy alignment review',
              satisfied: false,
              satisfiedBy: [],
              stale: [],
              missing: '1 review',
            },
          ],
        },
      },
      {
        id: 'A.10.2',
        title: 'Allocating responsibilities',
        objectiveId: 'A.6',
        status: 'not_applicable',
        coverage: 0,
        explanation: { summary: 'Excluded by the Statement of Applicability.', requirements: [] },
      },
    ],
    applicability: [
      { controlId: 'A.2.2', applicable: true },
      { controlId: 'A.2.3', applicable: true },
      { controlId: 'A.6.2.4', applicable: true },
      {
        controlId: 'A.10.2',
        applicable: false,
        justification: 'No third parties',
        approvedBy: 'CISO',
        approvedAt: '2026-10-01T00:00:00Z',
        reviewDueAt: '2027-10-01T00:00:00Z',
      },
    ],
    gaps: [
      {
        controlId: 'A.6.2.4',
        status: 'partially_compliant',
        priority: 'medium',
        ownerRole: 'ml-lead',
        dueAt: '2027-01-27T10:00:00Z',
        missing: [
          { requirementId: 'evaluation', description: 'A passing evaluation run in the last 90 days' },
        ],
      },
      {
        controlId: 'A.2.3',
        status: 'not_compliant',
        priority: 'high',
        ownerRole: 'ciso',
        dueAt: '2026-12-28T10:00:00Z',
        missing: [{ requirementId: 'alignment', description: 'A policy alignment review' }],
      },
    ],
    auditChainHead: { seq: 412, hash: 'c'.repeat(64) },
  };
  return {
    store,
    dir,
    input,
    async write(name, options = {}, given = input) {
      const file = join(dir, name);
      await writeBundle(given, createWriteStream(file), {
        openContent: contentFromBlobStore(store),
        ...options,
      });
      return file;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
