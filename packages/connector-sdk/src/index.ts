export type { RunCheckOptions } from './check.js';
export { runCheck } from './check.js';
export type { CheckpointKey, CheckpointStore } from './checkpoint.js';
export { checkpointKeyString, InMemoryCheckpointStore } from './checkpoint.js';
export type {
  AuthSpec,
  CheckResult,
  ClientContext,
  ConnectorContext,
  ConnectorDefinition,
  Metrics,
  MissingPermission,
  Slice,
  StreamContext,
  StreamDefinition,
} from './connector.js';
export { connectorKinds, createMetrics, defineConnector, defineStream } from './connector.js';
export { canonicalJsonChunks } from './content/canonical-json.js';
export type { DraftContent } from './content/draft-content.js';
export { bytesContent, INLINE_JSON_BYTES, jsonContent, streamedContent } from './content/draft-content.js';
export type { StreamedWrite } from './content/memory-store.js';
export { MemoryContentStore } from './content/memory-store.js';
export { scrubText, scrubValue } from './content/scrub.js';
export type { ContentOutcome, ContentStores, StoredContent } from './content/store-content.js';
export { digestOf, storeDraftContent } from './content/store-content.js';
export { prepareRun } from './context.js';
export type { ArtifactKind, RawEvidenceRecord } from './core-types.js';
export type { DocumentInput, DocumentKind, PathRule } from './documents/document-record.js';
export {
  DOCUMENT_KINDS,
  documentDraft,
  matchRule,
  mediaTypeOf,
  resolveDocumentKind,
  sha256Hex,
} from './documents/document-record.js';
export type { Mapping } from './documents/front-matter.js';
export { firstHeading, parseSidecar, splitFrontMatter, yamlMetadata } from './documents/front-matter.js';
export type { ConnectorErrorCode, ConnectorErrorOptions } from './errors.js';
export { ConnectorError, codeForStatus, HttpError, isConnectorError, toConnectorError } from './errors.js';
export { runHarvest } from './harvest.js';
export { toHarvestRunEvent } from './harvest-event.js';
export type {
  HarvestGap,
  HarvestResult,
  HarvestStatus,
  KnownArtifact,
  RunHarvestOptions,
  SkippedItem,
} from './harvest-types.js';
export type { CreateHttpClientOptions } from './http/client.js';
export { createHttpClient, sleep } from './http/client.js';
export type { EtagCache, EtagEntry } from './http/etag-cache.js';
export { etagKey, InMemoryEtagCache } from './http/etag-cache.js';
export type { Page, PagedFetch } from './http/pagination.js';
export {
  paginateByLink,
  paginateByOffset,
  paginateByPage,
  paginateByToken,
  parseLinkHeader,
} from './http/pagination.js';
export type { AttemptOutcome, RetryDecision, RetryPolicy, RetryReason } from './http/retry.js';
export { decideRetry, defaultRetryPolicy, parseRetryAfter } from './http/retry.js';
export type {
  HttpClient,
  HttpClientOptions,
  HttpRequest,
  HttpResponse,
  HttpStats,
  QueryValue,
} from './http/types.js';
export { redactError, redactSecrets, silentLogger } from './logger.js';
export { goneArtifacts, type ReadCoverage } from './reconcile.js';
export type {
  ContentBody,
  DeleteDraft,
  DraftOrigin,
  RecordDraft,
  RecordEnvelope,
  SkippedObject,
  StreamedContent,
  StreamItem,
  UnreadableDraft,
  UpsertDraft,
} from './record.js';
export { cursor, skipped, tombstone, toRawRecord, upsert } from './record.js';
export type { ConnectorReadTestOptions, ConnectorReadTestResult } from './testing.js';
export { connectorReadTest } from './testing.js';
export {
  headerOf,
  type WebhookDelivery,
  type WebhookMapping,
  type WebhookRefresh,
  type WebhookSource,
} from './webhook-source.js';
