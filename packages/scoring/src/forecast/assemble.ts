import type { ControlResult, Evaluation, EvidenceChange, RequirementResult } from '../engine/types.js';
import type { ControlLibrary, LibraryPart, Requirement } from '../library/model.js';
import { partOf } from '../library/parts.js';
import type {
  Forecast,
  ForecastControl,
  ForecastOwner,
  ForecastRenewal,
  LibraryTotals,
  OwnerInput,
} from './types.js';

interface Parts {
  readonly library: ControlLibrary;
  /** The evaluation now, and at the forecast date (with the context as it will stand then). */
  readonly current: Evaluation;
  readonly future: Evaluation;
  /** Matches whose expiry (or overdue time) falls between the two. */
  readonly changes: readonly EvidenceChange[];
  readonly owners?: Readonly<Record<string, OwnerInput>> | undefined;
}

const totalsOf = (evaluation: Evaluation): LibraryTotals => ({
  annexA: evaluation.overall,
  clauses: evaluation.clauses,
});

function ownerOf(role: string, owners: Readonly<Record<string, OwnerInput>> | undefined): ForecastOwner {
  const person = owners?.[role];
  if (!person) return { role, assigned: false };
  return { role, assigned: true, name: person.name, ...(person.email ? { email: person.email } : {}) };
}

function notCompliant(current: Evaluation, future: Evaluation): ForecastControl[] {
  const now = new Map(current.controls.map((result) => [result.controlId, result]));
  return future.controls
    .filter((result) => result.status === 'partially_compliant' || result.status === 'not_compliant')
    .map((result) => {
      const before = now.get(result.controlId) as ControlResult;
      return {
        controlId: result.controlId,
        title: result.title,
        objectiveId: result.objectiveId,
        library: result.library,
        status: result.status,
        coverage: result.coverage,
        statusNow: before.status,
        coverageNow: before.coverage,
        ...(result.unmetEssential ? { unmetEssential: result.unmetEssential } : {}),
      };
    });
}

/** Whether a requirement met now will not be met then (for one of `members`, under forEach). */
function breaks(
  now: RequirementResult | undefined,
  then: RequirementResult | undefined,
  members: readonly string[] | undefined,
): boolean {
  if (!now || !then) return false;
  if (!members || !now.members || !then.members) return now.satisfied && !then.satisfied;
  const metNow = new Set(now.members.filter((member) => member.satisfied).map((member) => member.id));
  const metThen = new Set(then.members.filter((member) => member.satisfied).map((member) => member.id));
  return members.some((id) => metNow.has(id) && !metThen.has(id));
}

type RequirementIndex = Map<string, RequirementResult>;

function requirementsOf(evaluation: Evaluation): RequirementIndex {
  const index: RequirementIndex = new Map();
  for (const control of evaluation.controls)
    for (const requirement of control.requirements)
      index.set(`${control.controlId}\u0000${requirement.requirementId}`, requirement);
  return index;
}

function compareRenewals(a: ForecastRenewal, b: ForecastRenewal): number {
  return (
    a.expiresAt.localeCompare(b.expiresAt) ||
    a.artifactKey.localeCompare(b.artifactKey) ||
    a.controlId.localeCompare(b.controlId, 'en', { numeric: true }) ||
    a.requirementId.localeCompare(b.requirementId) ||
    (a.alternativeId ?? '').localeCompare(b.alternativeId ?? '')
  );
}

/** The forecast from the evaluations now and at the date, and the evidence that changes in between. */
export function assembleForecast({ library, current, future, changes, owners }: Parts): Forecast {
  const requirements = new Map<string, Requirement>();
  const parts = new Map<string, LibraryPart>();
  for (const control of library.controls) {
    parts.set(control.id, control.library);
    for (const requirement of control.requirements)
      requirements.set(`${control.id}\u0000${requirement.id}`, requirement);
  }
  const resultsNow = requirementsOf(current);
  const resultsThen = requirementsOf(future);
  const renew = changes.map((change): ForecastRenewal => {
    const id = `${change.controlId}\u0000${change.requirementId}`;
    const requirement = requirements.get(id);
    const artifact = change.artifact as typeof change.artifact & { title?: string; owner?: string };
    const ownerRole = requirement?.ownerRole ?? '';
    return {
      action: change.counts === 'for' ? 'renew' : 'resolve',
      artifactKey: artifact.key,
      version: artifact.version,
      kind: artifact.kind,
      ...(typeof artifact.title === 'string' ? { title: artifact.title } : {}),
      ...(typeof artifact.owner === 'string' ? { artifactOwner: artifact.owner } : {}),
      controlId: change.controlId,
      library: parts.get(change.controlId) ?? partOf(change.controlId),
      requirementId: change.requirementId,
      requirement: requirement?.description ?? change.requirementId,
      ...(change.alternativeId === undefined ? {} : { alternativeId: change.alternativeId }),
      expiresAt: change.at,
      ownerRole,
      owner: ownerOf(ownerRole, owners),
      ...(change.forEach ? { forEach: change.forEach, members: change.members ?? [] } : {}),
      breaksRequirement: breaks(resultsNow.get(id), resultsThen.get(id), change.members),
    };
  });
  renew.sort(compareRenewals);
  return {
    evaluatedAt: current.evaluatedAt,
    at: future.evaluatedAt,
    library: current.library,
    totals: totalsOf(future),
    totalsNow: totalsOf(current),
    notCompliant: notCompliant(current, future),
    renew,
  };
}
