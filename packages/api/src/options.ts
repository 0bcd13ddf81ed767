import type { Readable } from 'node:stream';
import type { BlobStore } from '@aims/blobs';
import type { Catalogue, ExportRecord } from '@aims/catalogue';
import type { CertificationInput, ControlLibrary, KpiDefinition } from '@aims/scoring';
import type { EvidenceSink } from './audits/sink.js';

/** Who is calling, as established from an API key. Never carries the key itself. */
export interface ApiPrincipal {
  keyId: string;
  workspace: string;
  scopes: readonly string[];
}

/** Looks up a presented API key; undefined when it is unknown or revoked. */
export type ApiKeyVerifier = (presentedKey: string) => Promise<ApiPrincipal | undefined>;

/** A configured connector instance (structurally, `@aims/config`'s ConnectorInstanceConfig). */
export interface ConnectorInstanceInfo {
  instance: string;
  connector: string;
  enabled: boolean;
  schedule?: { every: number } | undefined;
}

/** Starts a harvest of one instance now (structurally, the pipeline scheduler's manual trigger). */
export interface HarvestTrigger {
  /** `full` ignores the stored cursors and harvests everything again. */
  trigger(instance: string, options: { full: boolean }): Promise<{ jobId: string }>;
}

/** An AI system of the configured inventory (structurally, `@aims/config`'s AiSystemConfig). */
export interface AiSystemInfo {
  id: string;
  name?: string | undefined;
  purpose?: string | undefined;
  owner?: string | undefined;
  role?: 'provider' | 'producer' | 'user' | undefined;
  lifecycleStage?: string | undefined;
}

/** The person behind an owner role of the library (structurally, `@aims/config`'s OwnerConfig). */
export interface OwnerInfo {
  name: string;
  email?: string | undefined;
}

/** The exports of the workspace (structurally, `@aims/export`'s ExportService). */
export interface ExportsPort {
  create(
    request: {
      asOf?: string | undefined;
      controls?: readonly string[] | undefined;
      aiSystems?: readonly string[] | undefined;
    },
    requestedBy: string,
  ): Promise<ExportRecord>;
  get(id: string): Promise<ExportRecord>;
  list(limit?: number): Promise<ExportRecord[]>;
  download(
    id: string,
    options?: { redirect?: boolean },
  ): Promise<
    | { kind: 'url'; url: string; expiresAt: string }
    | { kind: 'stream'; body: Readable; name: string; size: number; sha256: string }
  >;
}

/** A health check of one dependency: resolves when it is up, throws (with a reason) when down. */
export type HealthCheck = () => Promise<void>;

export interface ApiOptions {
  /** The workspace served; every API key is bound to one. */
  workspace: string;
  catalogue: Catalogue;
  /** The control library with the workspace's overlays merged. */
  library: ControlLibrary;
  connectors: readonly ConnectorInstanceInfo[];
  /** The configured AI systems; evidence may name more, which are listed as not in the inventory. */
  aiSystems?: readonly AiSystemInfo[];
  /** People behind the owner roles, so gaps name who answers for them. */
  owners?: Readonly<Record<string, OwnerInfo>>;
  /**
   * The certificate and its audits (structurally, `@aims/config`'s `certification:`): the
   * forecast's default date is the next audit.
   */
  certification?: CertificationInput;
  /**
   * The KPIs of the workspace config (structurally, `@aims/config`'s `kpis:`), served by
   * /v1/kpis in this order; absent, the default set (`DEFAULT_KPIS` of @aims/scoring).
   */
  kpis?: readonly KpiDefinition[] | undefined;
  /** Reported by /health. */
  version: string;
  /** API-key check. Omitted: no authentication (the embedded, loopback-only default). */
  auth?: ApiKeyVerifier;
  /** Enables POST /v1/connectors/{instance}/runs. */
  harvest?: HarvestTrigger;
  /** Where evidence content is kept; enables GET …/versions/{version}/content. */
  blobs?: BlobStore;
  /** Enables /v1/exports; without it those routes answer 501. */
  exports?: ExportsPort;
  /**
   * Where audits, findings and corrective actions posted to the API go (the raw evidence topic,
   * `rawEvidenceSink`); without it those POSTs answer 501.
   */
  evidence?: EvidenceSink;
  /** Longest wait for the normaliser to store a posted record before answering 202 (default 5000 ms). */
  evidenceWaitMs?: number;
  /** Extra /health checks besides the catalogue's; a failing one makes the status degraded. */
  checks?: Readonly<Record<string, HealthCheck>>;
  /**
   * While the service is still starting (the one-process mesh before its first harvest is
   * catalogued and scored), what it is doing; /health then answers 503 with status starting.
   */
  starting?: () => string | undefined;
  /** Serve the dashboard at `/` (default true). */
  dashboard?: boolean;
  /** Called with errors that become 500 responses (they are never sent to the client). */
  onError?: (error: unknown) => void;
  now?: () => Date;
}

/** Scopes an API key can carry. */
export const SCOPES = Object.freeze({
  read: 'evidence:read',
  harvest: 'harvest:trigger',
  exports: 'exports:create',
  audit: 'audit:write',
  admin: 'admin',
} as const);
