import { type ArtifactVersion, type RawEvidenceRecord, toArtifactVersion } from '@aims/core';
import type { Response } from 'express';

/** The stored version, or the version the record will become (shown with version null). */
export function storedOrExpected(
  record: RawEvidenceRecord,
  stored: ArtifactVersion | undefined,
): ArtifactVersion {
  return stored ?? toArtifactVersion(record, { version: 1 });
}

/** 201 with the artifact's Location once stored; 202 while the normaliser has not stored it yet. */
export function answerRecorded(
  res: Response,
  key: string,
  stored: ArtifactVersion | undefined,
  view: object,
  status = 201,
): void {
  if (stored)
    res
      .status(status)
      .set('Location', `/v1/artifacts/${encodeURIComponent(key)}`)
      .json(view);
  else res.status(202).json(view);
}
