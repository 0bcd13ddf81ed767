export { addDuration, type FreshnessDuration, parseDuration } from './duration.js';
export { evaluate } from './engine/evaluate.js';
export { IncrementalScorer } from './engine/incremental.js';
export type {
  ControlResult,
  ControlStatus,
  EvaluateOptions,
  Evaluation,
  EvidenceRef,
  ObjectiveTotals,
  RequirementResult,
  ScorableArtifact,
  StaleEvidenceRef,
  Totals,
} from './engine/types.js';
export { formatIssue, LibraryError, type LibraryIssue, ScoringInputError } from './errors.js';
export { expiresAtFor } from './expiry.js';
export { gapReportToCsv, gapReportToJson, gapReportToTable } from './gaps/format.js';
export {
  type Gap,
  type GapOptions,
  type GapPriority,
  type GapReport,
  type GapRequirement,
  gapReport,
} from './gaps/report.js';
export type { ControlLibraryFile, LibraryOverlayFile } from './generated/control-library.js';
export {
  DEFAULT_LIBRARY_PATH,
  readLibraryFile,
  readLibraryWithOverlays,
  readOverlayFile,
} from './library/files.js';
export { loadLibrary } from './library/load.js';
export type {
  AnnexCTag,
  Control,
  ControlLibrary,
  NotApplicable,
  Objective,
  Predicate,
  Requirement,
} from './library/model.js';
export { applyOverlays, type LibraryOverlay, loadOverlay } from './library/overlay.js';
