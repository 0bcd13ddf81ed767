import type { Catalogue, ControlScoreRecord } from '@aims/catalogue';
import type {
  Control,
  ControlLibrary,
  ControlResult,
  ControlStatus,
  Evaluation,
  FindingEffect,
  RequirementResult,
} from '@aims/scoring';
import { ScoresPendingError } from '../errors.js';

/** One control's score as the API presents it, from the scorer's stored record or a live evaluation. */
export interface ControlState {
  control: Control;
  status: ControlStatus;
  coverage: number;
  present: number;
  fresh: number;
  nextExpiryAt?: string;
  scoredAt: string;
  requirements: readonly RequirementResult[];
  /** Findings of internal audits naming the control (open nonconformities cap its status). */
  findings?: readonly FindingEffect[];
  /** The status the evidence alone gives, when an open nonconformity lowered it. */
  evidenceStatus?: ControlStatus;
}

/** The scores of every scored control of a workspace, in library order. */
export interface Scoreboard {
  states: ControlState[];
  /** The latest scoredAt among them. */
  scoredAt: string;
}

/** A stored score: its figures from the record's columns, the rest from the control result it stores. */
function stateOfRecord(control: Control, record: ControlScoreRecord): ControlState {
  const { detail } = record;
  const state: ControlState = {
    control,
    status: record.status,
    coverage: record.coverage,
    present: record.present,
    fresh: record.fresh,
    scoredAt: record.scoredAt,
    requirements: detail.requirements,
    ...(detail.findings?.length ? { findings: detail.findings } : {}),
    ...(detail.evidenceStatus ? { evidenceStatus: detail.evidenceStatus } : {}),
  };
  if (record.nextExpiryAt !== undefined) state.nextExpiryAt = record.nextExpiryAt;
  return state;
}

function stateOfResult(control: Control, result: ControlResult, scoredAt: string): ControlState {
  const state: ControlState = {
    control,
    status: result.status,
    coverage: result.coverage,
    present: result.present,
    fresh: result.fresh,
    scoredAt,
    requirements: result.requirements,
    ...(result.findings ? { findings: result.findings } : {}),
    ...(result.evidenceStatus ? { evidenceStatus: result.evidenceStatus } : {}),
  };
  if (result.nextExpiryAt !== undefined) state.nextExpiryAt = result.nextExpiryAt;
  return state;
}

function latest(states: readonly ControlState[]): string {
  return (
    states
      .map((state) => state.scoredAt)
      .sort()
      .at(-1) ?? ''
  );
}

/** Boards parsed from stored scores, reused while the stored scores have not moved. */
const boards = new WeakMap<Catalogue, Map<string, { stamp: string; board: Scoreboard }>>();

/**
 * The scores the scorer stored for the workspace, for the controls of the library. Throws
 * ScoresPendingError while the workspace has not been scored at all. Parsing them is the costly
 * part, so the board is kept until the catalogue says the scores changed (a cheap stamp query).
 */
export async function storedScoreboard(
  catalogue: Catalogue,
  library: ControlLibrary,
  workspace: string,
): Promise<Scoreboard> {
  const stamp = await catalogue.scoresStamp(workspace);
  let cache = boards.get(catalogue);
  if (!cache) {
    cache = new Map();
    boards.set(catalogue, cache);
  }
  const key = `${library.id}@${library.version}/${library.overlays.join(',')}/${workspace}`;
  const cached = cache.get(key);
  if (cached && cached.stamp === stamp) return cached.board;
  const records = new Map((await catalogue.getScores(workspace)).map((record) => [record.controlId, record]));
  const states: ControlState[] = [];
  for (const control of library.controls) {
    const record = records.get(control.id);
    if (record) states.push(stateOfRecord(control, record));
  }
  if (states.length === 0) throw new ScoresPendingError(workspace);
  const board = { states, scoredAt: latest(states) };
  cache.set(key, { stamp, board });
  return board;
}

/** The scores the scorer keeps over one AI system's own evidence. */
export async function aiSystemScoreboard(
  catalogue: Catalogue,
  library: ControlLibrary,
  workspace: string,
  aiSystem: string,
): Promise<Scoreboard> {
  const record = await catalogue.getAiSystemScore(workspace, aiSystem);
  if (!record) throw new ScoresPendingError(workspace);
  const evaluation = record.detail as Evaluation;
  const byId = new Map(library.controls.map((control) => [control.id, control]));
  const states = evaluation.controls.flatMap((result) => {
    const control = byId.get(result.controlId);
    return control ? [stateOfResult(control, result, evaluation.evaluatedAt)] : [];
  });
  return { states, scoredAt: evaluation.evaluatedAt };
}
