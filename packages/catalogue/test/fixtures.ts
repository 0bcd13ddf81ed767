import { type ControlResult, contentHashOf } from '@aims/core';
import type { Actor, ArtifactVersionInput } from '../src/index.js';

export const actor: Actor = { type: 'connector', id: 'acme-github' };

/** A policy document observed at `at` with content `body` (which decides the content hash). */
export function policy(
  externalId: string,
  body: string,
  at: string,
  options: { workspace?: string; instance?: string; kind?: ArtifactVersionInput['kind'] } = {},
): ArtifactVersionInput {
  const workspace = options.workspace ?? 'acme';
  const instance = options.instance ?? 'acme-github';
  const kind = options.kind ?? 'policy.document';
  const attributes = { policyType: 'ai-policy', approved: true, path: `${externalId}.md`, body };
  const fields = { kind, title: externalId, attributes, aiSystems: [], tombstone: false };
  return {
    workspace,
    sourceInstance: instance,
    connector: 'github',
    externalId,
    key: `${workspace}/${instance}/${externalId}`,
    collector: { id: 'github', version: '0.1.0' },
    collectedAt: at,
    effectiveAt: at,
    contentHash: contentHashOf(fields),
    ...fields,
  };
}

/** ISO instant `n` seconds after a fixed origin. */
export const t = (n: number): string => new Date(Date.UTC(2026, 10, 1) + n * 1_000).toISOString();

/** A control result as scoring returns it (the detail of a control score), with `patch` applied. */
export function controlResult(controlId: string, patch: Partial<ControlResult> = {}): ControlResult {
  return {
    controlId,
    title: `Control ${controlId}`,
    objectiveId: controlId.split('.').slice(0, 2).join('.'),
    library: controlId.startsWith('A.') ? 'annex-a' : 'clauses',
    tags: ['accountability'],
    status: 'not_compliant',
    coverage: 0,
    present: 0,
    fresh: 0,
    requirements: [],
    ...patch,
  };
}
