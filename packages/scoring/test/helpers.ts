import { readFileSync } from 'node:fs';
import type { ArtifactKind } from '@aims/core';
import {
  type ControlLibrary,
  type ControlResult,
  type Evaluation,
  loadLibrary,
  type RequirementResult,
  type ScorableArtifact,
} from '@aims/scoring';

export const MINI_PATH = new URL('./fixtures/mini-library.yaml', import.meta.url);

export function miniLibrary(): ControlLibrary {
  return loadLibrary(readFileSync(MINI_PATH, 'utf8'), 'mini-library.yaml');
}

export const T0 = Date.parse('2026-06-01T00:00:00Z');
export const DAY = 86_400_000;
export const iso = (ms: number): string => new Date(ms).toISOString();

let counter = 0;

/** A hand-made artifact; effectiveAt defaults to T0. */
export function artifact(
  kind: ArtifactKind,
  attributes: Record<string, unknown>,
  overrides: Partial<ScorableArtifact> = {},
): ScorableArtifact {
  counter++;
  return {
    key: `acme/test/${kind}-${counter}`,
    version: 1,
    kind,
    contentHash: counter.toString(16).padStart(64, '0'),
    effectiveAt: iso(T0),
    attributes,
    tombstone: false,
    ...overrides,
  };
}

export const aiPolicy = (overrides: Partial<ScorableArtifact> = {}): ScorableArtifact =>
  artifact('policy.document', { policyType: 'ai-policy', approved: true, path: 'ai.md' }, overrides);

export const testRun = (overrides: Partial<ScorableArtifact> = {}): ScorableArtifact =>
  artifact(
    'ci.workflow-run',
    { repo: 'a/b', workflow: 'ci', runId: 1, status: 'completed', conclusion: 'success', purpose: 'test' },
    overrides,
  );

export const MECHANISMS_PATH = new URL('./fixtures/mechanisms-library.yaml', import.meta.url);

/** The fixture library that uses every rule mechanism (see the file's header). */
export function mechanismsLibrary(edit: (text: string) => string = (text) => text): ControlLibrary {
  return loadLibrary(edit(readFileSync(MECHANISMS_PATH, 'utf8')), 'mechanisms-library.yaml');
}

/** The result of one control; throws when the evaluation has none. */
export function controlOf(evaluation: Evaluation, id: string): ControlResult {
  const found = evaluation.controls.find((result) => result.controlId === id);
  if (!found) throw new Error(`no control ${id}`);
  return found;
}

/** The result of one requirement of one control. */
export function requirementOf(
  evaluation: Evaluation,
  controlId: string,
  requirementId: string,
): RequirementResult {
  const found = controlOf(evaluation, controlId).requirements.find((r) => r.requirementId === requirementId);
  if (!found) throw new Error(`no requirement ${controlId}/${requirementId}`);
  return found;
}
