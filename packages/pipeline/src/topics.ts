import { TOPICS } from '@aims/core';

export { dlqTopic } from '@aims/core';

/** The topics the pipeline reads and writes. Tests and benches may prefix them per run. */
export interface PipelineTopics {
  readonly raw: string;
  readonly changed: string;
  readonly scored: string;
  readonly harvestRuns: string;
}

export const defaultTopics: PipelineTopics = {
  raw: TOPICS.rawEvidence,
  changed: TOPICS.artifactChanged,
  scored: TOPICS.controlScored,
  harvestRuns: TOPICS.harvestRun,
};

/** Topic names with a prefix, for isolated runs: `t123.aims.evidence.raw.v1`. */
export function prefixedTopics(prefix: string): PipelineTopics {
  return {
    raw: `${prefix}.${defaultTopics.raw}`,
    changed: `${prefix}.${defaultTopics.changed}`,
    scored: `${prefix}.${defaultTopics.scored}`,
    harvestRuns: `${prefix}.${defaultTopics.harvestRuns}`,
  };
}
