/** The evidence shapes the SDK speaks, re-exported from `@aims/core` so connectors need one import. */
export type { ArtifactKind, HarvestGap, RawEvidenceRecord, SkippedItem } from '@aims/core';
