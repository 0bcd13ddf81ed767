import type { ArtifactAttributesByKind, ArtifactKind } from './generated/events.js';
import { eventSchemas } from './generated/schemas.js';

const kindSchema = eventSchemas['artifact-kind.schema.json'] as { enum?: unknown } | undefined;
if (!kindSchema || !Array.isArray(kindSchema.enum)) {
  throw new Error('generated schemas lack artifact-kind.schema.json; run npm run generate -w @aims/core');
}

/** Every artifact kind, in the order of contracts/events/artifact-kind.schema.json. */
export const ARTIFACT_KINDS: readonly ArtifactKind[] = Object.freeze([
  ...(kindSchema.enum as ArtifactKind[]),
]);

const kindSet: ReadonlySet<string> = new Set(ARTIFACT_KINDS);

export function isArtifactKind(value: unknown): value is ArtifactKind {
  return typeof value === 'string' && kindSet.has(value);
}

/** The attribute type of one kind, e.g. `AttributesOf<'code.review'>`. */
export type AttributesOf<K extends ArtifactKind> = ArtifactAttributesByKind[K];
