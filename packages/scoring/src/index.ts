export { addDuration, type FreshnessDuration, parseDuration } from './duration.js';
export { evaluate } from './engine/evaluate.js';
export { IncrementalScorer } from './engine/incremental.js';
export { type ScoredFigures, totalsOf } from './engine/totals.js';
export type {
  AgainstEvidenceRef,
  AgainstResult,
  AlternativeResult,
  ControlResult,
  ControlStatus,
  CorrectiveActionRef,
  CorrectiveActionState,
  EvaluateOptions,
  Evaluation,
  EvaluationInventory,
  EvidenceChange,
  EvidenceRef,
  ExclusionState,
  FindingEffect,
  InventoryAiSystem,
  InventoryMember,
  MemberResult,
  ObjectiveTotals,
  RequirementResult,
  ScorableArtifact,
  StaleEvidenceRef,
  StaleReason,
  Totals,
  UnreadableSource,
} from './engine/types.js';
export { formatIssue, LibraryError, type LibraryIssue, ScoringInputError } from './errors.js';
export { type ExpiryVersion, expiresAtFor } from './expiry.js';
export {
  type ActionRecord,
  AUDIT_KINDS,
  type AuditRecord,
  type AuditTrailRecord,
  auditRecordOf,
  closesFinding,
  type FindingGrade,
  type FindingRecord,
  isNonconformity,
} from './findings/records.js';
export { FindingRegister } from './findings/register.js';
export {
  addYears,
  type CertificationAudit,
  type CertificationInput,
  certificationCalendar,
  nextAudit,
} from './forecast/calendar.js';
export { forecast } from './forecast/forecast.js';
export { ForecastModel } from './forecast/model.js';
export type {
  Forecast,
  ForecastControl,
  ForecastOwner,
  ForecastRenewal,
  ForecastRequest,
  LibraryTotals,
  OwnerInput,
} from './forecast/types.js';
export { type FreshnessVersion, freshnessOf, type VersionFreshness } from './freshness.js';
export { gapReportToCsv, gapReportToJson, gapReportToTable } from './gaps/format.js';
export {
  advanceGaps,
  type GapDetail,
  type GapLifecycleOptions,
  type GapReason,
  type GapTransition,
  type TrackedGap,
} from './gaps/lifecycle.js';
export {
  type Gap,
  type GapOptions,
  type GapPriority,
  type GapReport,
  type GapRequirement,
  gapReport,
} from './gaps/report.js';
export type { ControlLibraryFile, LibraryOverlayFile } from './generated/control-library.js';
export type { AiSystemEntry, ScoringContext } from './inventory/context.js';
export { computeKpis, KPI_METRICS } from './kpis/compute.js';
export { DEFAULT_KPIS, kpisOrDefault } from './kpis/defaults.js';
export type {
  KpiDefinition,
  KpiInputs,
  KpiMetric,
  KpiTarget,
  KpiUnit,
  KpiValue,
} from './kpis/types.js';
export { combineLibraries } from './library/combine.js';
export {
  DEFAULT_CLAUSES_PATH,
  DEFAULT_LIBRARY_PATH,
  type LibrarySelection,
  type ReadLibraryOptions,
  readLibraryFile,
  readLibraryWithOverlays,
  readOverlayFile,
} from './library/files.js';
export { loadLibrary } from './library/load.js';
export type {
  AnnexCTag,
  Control,
  ControlLibrary,
  EvidenceRule,
  ForEachScope,
  LibraryPart,
  LibrarySource,
  NotApplicable,
  Objective,
  Predicate,
  RemovedRequirement,
  Requirement,
} from './library/model.js';
export { applyOverlays, type LibraryOverlay, loadOverlay } from './library/overlay.js';
export { CLAUSE_CANNOT_EXCLUDE, LIBRARY_PARTS, partOf } from './library/parts.js';
export {
  MANAGEMENT_REVIEW,
  type ManagementReviewCadence,
  withReviewCadence,
} from './library/review-cadence.js';
