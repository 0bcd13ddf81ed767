import type { ExportRecord } from '@aims/catalogue';
import type { ApiSchema } from '@aims/core';

/** An export as the API presents it; a finished one links to its download. */
export function exportView(record: ExportRecord): ApiSchema<'Export'> {
  const view: ApiSchema<'Export'> = {
    id: record.id,
    status: record.status,
    createdAt: record.createdAt,
    request: record.request,
  };
  if (record.finishedAt !== undefined) view.finishedAt = record.finishedAt;
  if (record.bundle) {
    view.bundle = {
      name: record.bundle.name,
      sha256: record.bundle.sha256,
      size: record.bundle.size,
      signature: record.bundle.signature,
      versions: record.bundle.versions,
    };
    view.download = { url: `/v1/exports/${encodeURIComponent(record.id)}/download` };
  }
  if (record.error) view.error = record.error;
  return view;
}
