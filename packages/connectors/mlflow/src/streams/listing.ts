import {
  type ArtifactKind,
  cursor,
  type StreamItem,
  tombstone,
  type UpsertDraft,
  upsert,
} from '@aims/connector-sdk';
import { z } from 'zod';
import { fingerprint } from '../normalise.js';

/** Cursor of full-listing streams: external id to fingerprint (or `deleted`) at the last read. */
export const listingCursorSchema = z.object({ seen: z.record(z.string(), z.string()) });
export type ListingCursor = z.infer<typeof listingCursorSchema>;

/**
 * Compares a full listing with the previous one: emits upserts for new or changed objects,
 * tombstones for objects marked deleted or gone, and the new cursor last.
 */
export class ListingDiff {
  private readonly next: Record<string, string> = {};
  constructor(
    private readonly previous: ListingCursor | undefined,
    /** The kind of a vanished object, from its external id. */
    private readonly kindFor: (externalId: string) => ArtifactKind,
  ) {}

  *present(draft: UpsertDraft): Generator<StreamItem<never>> {
    const fp = fingerprint(draft);
    this.next[draft.externalId] = fp;
    if (this.previous?.seen[draft.externalId] !== fp) yield upsert(draft);
  }

  *deleted(externalId: string, kind: ArtifactKind): Generator<StreamItem<never>> {
    this.next[externalId] = 'deleted';
    const before = this.previous?.seen[externalId];
    if (before !== undefined && before !== 'deleted') yield tombstone(externalId, { kind });
  }

  *finish(): Generator<StreamItem<ListingCursor>> {
    for (const [id, fp] of Object.entries(this.previous?.seen ?? {})) {
      if (id in this.next || fp === 'deleted') continue;
      yield tombstone(id, { kind: this.kindFor(id) });
    }
    yield cursor({ seen: this.next });
  }
}
