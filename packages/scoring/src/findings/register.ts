import type {
  ControlResult,
  ControlStatus,
  CorrectiveActionRef,
  FindingEffect,
  ScorableArtifact,
} from '../engine/types.js';
import {
  type ActionRecord,
  type AuditRecord,
  type AuditTrailRecord,
  auditRecordOf,
  closesFinding,
  type FindingRecord,
  isNonconformity,
} from './records.js';

function addTo(map: Map<string, Set<string>>, id: string, key: string): void {
  const set = map.get(id);
  if (set) set.add(key);
  else map.set(id, new Set([key]));
}

function removeFrom(map: Map<string, Set<string>>, id: string, key: string): void {
  const set = map.get(id);
  if (!set) return;
  set.delete(key);
  if (set.size === 0) map.delete(id);
}

const GRADE_TEXT: Readonly<Record<FindingEffect['grade'], string>> = {
  major_nonconformity: 'major nonconformity',
  minor_nonconformity: 'minor nonconformity',
  observation: 'observation',
  conformity: 'conformity',
};

function actionState(action: ActionRecord): CorrectiveActionRef['state'] {
  if (!action.closed) return 'open';
  if (action.closureEvidence === 0) return 'closed_without_evidence';
  return closesFinding(action) ? 'closed' : 'unverified';
}

/**
 * How many findings a control's result lists, and corrective actions a finding lists (the open
 * nonconformities and the closing action first). Statuses are capped from all of them; the lists
 * are bounded so a control named by thousands of records keeps a result of bounded size.
 */
export const LISTED_FINDINGS = 20;
export const LISTED_ACTIONS = 10;

/** Why an open nonconformity is still open, from its corrective actions (`total` of them). */
function stillOpenBecause(actions: readonly CorrectiveActionRef[], total: number): string {
  if (actions.length === 0) return 'no corrective action is recorded';
  const parts = actions.map((action) =>
    action.state === 'closed_without_evidence'
      ? `corrective action ${action.actionId} is marked closed without closure evidence`
      : action.state === 'unverified'
        ? `corrective action ${action.actionId} is closed but its closure is not verified`
        : `corrective action ${action.actionId} is open`,
  );
  const more = total - actions.length;
  return more > 0 ? `${parts.join('; ')}; and ${more} more` : parts.join('; ');
}

const STATUS_RANK: Readonly<Record<ControlStatus, number>> = {
  not_compliant: 0,
  partially_compliant: 1,
  compliant: 2,
  not_applicable: 3,
};

/**
 * The audits, findings and corrective actions among the live evidence, indexed by the controls
 * the findings name. A nonconformity is open until one of its corrective actions is closed with
 * closure evidence and verified; while open, a major one makes its controls not compliant and a
 * minor one caps them at partially compliant, whatever the evidence says. Adding or removing a
 * record returns the controls whose findings changed, so an incremental engine rescores them.
 */
export class FindingRegister {
  readonly #records = new Map<string, AuditTrailRecord>();
  readonly #auditsById = new Map<string, Set<string>>();
  readonly #findingsById = new Map<string, Set<string>>();
  readonly #findingsByAudit = new Map<string, Set<string>>();
  readonly #actionsByFinding = new Map<string, Set<string>>();
  readonly #findingsByControl = new Map<string, Set<string>>();
  /** Action keys per finding id, sorted; dropped when an action of that finding comes or goes. */
  readonly #sortedActions = new Map<string, string[]>();

  /** True when no finding names any control. */
  get empty(): boolean {
    return this.#findingsByControl.size === 0;
  }

  /** Indexes a live version (other kinds are ignored); returns the controls it changes. */
  add(artifact: ScorableArtifact): string[] {
    const record = auditRecordOf(artifact);
    if (!record) return [];
    this.#records.set(record.key, record);
    if (record.type === 'audit') addTo(this.#auditsById, record.auditId, record.key);
    else if (record.type === 'action') {
      addTo(this.#actionsByFinding, record.findingId, record.key);
      this.#sortedActions.delete(record.findingId);
    } else {
      addTo(this.#findingsById, record.findingId, record.key);
      if (record.auditId !== undefined) addTo(this.#findingsByAudit, record.auditId, record.key);
      for (const control of record.controls) addTo(this.#findingsByControl, control, record.key);
    }
    return this.#affectedBy(record);
  }

  /** Forgets the version held under a key; returns the controls that changes. */
  remove(key: string): string[] {
    const record = this.#records.get(key);
    if (!record) return [];
    const affected = this.#affectedBy(record);
    this.#records.delete(key);
    if (record.type === 'audit') removeFrom(this.#auditsById, record.auditId, key);
    else if (record.type === 'action') {
      removeFrom(this.#actionsByFinding, record.findingId, key);
      this.#sortedActions.delete(record.findingId);
    } else {
      removeFrom(this.#findingsById, record.findingId, key);
      if (record.auditId !== undefined) removeFrom(this.#findingsByAudit, record.auditId, key);
      for (const control of record.controls) removeFrom(this.#findingsByControl, control, key);
    }
    return affected;
  }

  /** The findings naming a control: open nonconformities first (major before minor), then by id. */
  effectsFor(controlId: string): FindingEffect[] {
    const keys = this.#findingsByControl.get(controlId);
    if (!keys) return [];
    const effects = [...keys].map((key) => this.#effectOf(this.#records.get(key) as FindingRecord));
    const rank = (effect: FindingEffect) =>
      effect.cap === 'not_compliant' ? 0 : effect.cap === 'partially_compliant' ? 1 : 2;
    return effects.sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (a.findingId < b.findingId ? -1 : a.findingId > b.findingId ? 1 : 0) ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
  }

  /**
   * The result with the findings that name its control (the first LISTED_FINDINGS of them), its
   * status capped by every open nonconformity.
   */
  apply(result: ControlResult): ControlResult {
    const all = this.effectsFor(result.controlId);
    if (all.length === 0) return result;
    const findings = all.slice(0, LISTED_FINDINGS);
    if (result.status === 'not_applicable') return { ...result, findings };
    let status = result.status;
    for (const finding of all) {
      if (finding.cap !== undefined && STATUS_RANK[finding.cap] < STATUS_RANK[status]) status = finding.cap;
    }
    return status === result.status
      ? { ...result, findings }
      : { ...result, status, evidenceStatus: result.status, findings };
  }

  #affectedBy(record: AuditTrailRecord): string[] {
    const controls = new Set<string>();
    const findingKeys =
      record.type === 'finding'
        ? [record.key]
        : record.type === 'action'
          ? [...(this.#findingsById.get(record.findingId) ?? [])]
          : [...(this.#findingsByAudit.get(record.auditId) ?? [])];
    for (const key of findingKeys) {
      const finding = this.#records.get(key);
      if (finding?.type === 'finding') for (const control of finding.controls) controls.add(control);
    }
    return [...controls];
  }

  #auditOf(finding: FindingRecord): AuditRecord | undefined {
    if (finding.auditId === undefined) return undefined;
    const keys = [...(this.#auditsById.get(finding.auditId) ?? [])].sort();
    const key = keys[0];
    return key === undefined ? undefined : (this.#records.get(key) as AuditRecord);
  }

  #actionKeys(findingId: string): string[] {
    let keys = this.#sortedActions.get(findingId);
    if (!keys) {
      keys = [...(this.#actionsByFinding.get(findingId) ?? [])].sort();
      this.#sortedActions.set(findingId, keys);
    }
    return keys;
  }

  #effectOf(finding: FindingRecord): FindingEffect {
    const keys = this.#actionKeys(finding.findingId);
    // The first action that closes the finding decides; the list shows it and the first others.
    const closingKey = keys.find((key) => actionState(this.#records.get(key) as ActionRecord) === 'closed');
    const listedKeys = keys.slice(0, LISTED_ACTIONS);
    if (closingKey !== undefined && !listedKeys.includes(closingKey))
      listedKeys[LISTED_ACTIONS - 1] = closingKey;
    const actions = listedKeys
      .map((key) => this.#records.get(key) as ActionRecord)
      .map(
        (action): CorrectiveActionRef => ({
          actionId: action.actionId,
          key: action.key,
          version: action.version,
          state: actionState(action),
          ...(action.verifiedBy === undefined ? {} : { verifiedBy: action.verifiedBy }),
          ...(action.verifiedAt === undefined ? {} : { verifiedAt: action.verifiedAt }),
        }),
      );
    const nonconformity = isNonconformity(finding.grade);
    const closing = actions.find((action) => action.state === 'closed');
    const open = nonconformity && closing === undefined;
    const cap = !open
      ? undefined
      : finding.grade === 'major_nonconformity'
        ? 'not_compliant'
        : 'partially_compliant';
    const audit = this.#auditOf(finding);
    const of =
      finding.auditId === undefined
        ? ''
        : audit?.title === undefined
          ? ` of audit ${finding.auditId}`
          : ` of audit "${audit.title}" (${finding.auditId})`;
    const about = finding.description === undefined ? '' : `: ${finding.description}`;
    const head = `${open ? 'Open ' : ''}${GRADE_TEXT[finding.grade]} ${finding.findingId}${of}${about}`;
    let explanation: string;
    if (cap === 'not_compliant') {
      explanation = `${head}. The control is not compliant whatever the evidence says until a corrective action is closed with closure evidence and verified (${stillOpenBecause(actions, keys.length)}).`;
    } else if (cap === 'partially_compliant') {
      explanation = `${head}. The control is at most partially compliant until a corrective action is closed with closure evidence and verified (${stillOpenBecause(actions, keys.length)}).`;
    } else if (closing) {
      const by = closing.verifiedBy === undefined ? '' : ` by ${closing.verifiedBy}`;
      const at = closing.verifiedAt === undefined ? '' : ` on ${closing.verifiedAt}`;
      explanation = `${head}. Closed by corrective action ${closing.actionId}, verified${by}${at}; it no longer limits the control.`;
    } else {
      explanation = `${head}. It does not limit the control's status.`;
    }
    const auditId = finding.auditId;
    return {
      findingId: finding.findingId,
      ...(auditId === undefined ? {} : { auditId }),
      ...(audit?.title === undefined ? {} : { auditTitle: audit.title }),
      grade: finding.grade,
      key: finding.key,
      version: finding.version,
      ...(finding.description === undefined ? {} : { description: finding.description }),
      open,
      ...(cap === undefined ? {} : { cap }),
      correctiveActions: actions,
      explanation,
    };
  }
}
