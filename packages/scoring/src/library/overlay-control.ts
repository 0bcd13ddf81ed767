import type { ArtifactKind } from '@aims/core';
import type { LibraryIssue } from '../errors.js';
import type { ControlOverlay, RequirementGroup, RequirementOverride } from '../generated/control-library.js';
import { resolveExclusion } from './exclusion.js';
import { tighterFloor } from './floor.js';
import type { Control, ControlLibrary, EvidenceRule, RemovedRequirement, Requirement } from './model.js';
import type { LibraryOverlay } from './overlay.js';
import { type Floors, resolveRequirement, summarise } from './requirement.js';
import { type RuleScope, resolveWindows } from './rules.js';
import type { PathSegment } from './source.js';

interface Change {
  readonly library: ControlLibrary;
  readonly control: Control;
  readonly change: ControlOverlay;
  readonly overlay: LibraryOverlay;
  readonly issues: LibraryIssue[];
}

function floorOf(library: ControlLibrary, requirement: Requirement): RuleScope['floor'] {
  if (!requirement.maxWindow) return undefined;
  const by =
    requirement.maxWindow.text === library.maxWindow?.text
      ? "the library's maxWindow"
      : `the floor of requirement "${requirement.id}"`;
  return { window: requirement.maxWindow, by };
}

/** Kinds a rule gives a clock (a window, a validity date or a last-read limit). */
function clocked(rule: EvidenceRule): Set<ArtifactKind> {
  return new Set(
    [rule.freshness, rule.freshUntil, rule.lastReadWithin].flatMap(
      (map) => Object.keys(map) as ArtifactKind[],
    ),
  );
}

/**
 * One overlay's changes to one control, in a fixed order: removeRequirements,
 * replaceRequirements, requirements (overrides), groupRequirements, addRequirements, notApplicable.
 */
export function changeControl({ library, control, change, overlay, issues }: Change): Control {
  const { source } = overlay;
  const path: PathSegment[] = ['controls', control.id];
  let requirements: Requirement[] = [...control.requirements];
  const find = (id: string): number => requirements.findIndex((requirement) => requirement.id === id);
  const removed: RemovedRequirement[] = [...(control.removed ?? [])];

  (change.removeRequirements ?? []).forEach((removal, i) => {
    const at = find(removal.id);
    if (at < 0) {
      issues.push(
        source.issue(
          [...path, 'removeRequirements', i, 'id'],
          `control ${control.id} has no requirement "${removal.id}" to remove`,
        ),
      );
      return;
    }
    requirements.splice(at, 1);
    removed.push({ requirementId: removal.id, justification: removal.justification, overlay: overlay.name });
  });

  (change.replaceRequirements ?? []).forEach((spec, i) => {
    const where = [...path, 'replaceRequirements', i];
    const at = find(spec.id);
    const old = requirements[at];
    if (!old) {
      issues.push(
        source.issue([...where, 'id'], `control ${control.id} has no requirement "${spec.id}" to replace`),
      );
      return;
    }
    const inherited = floorOf(library, old);
    const floors: Floors = {
      ...(library.maxWindow ? { library: library.maxWindow } : {}),
      ...(inherited ? { inherited } : {}),
    };
    const replacement = resolveRequirement(spec, where, source, overlay.name, issues, floors);
    const before = new Set(old.rules.flatMap((rule) => [...clocked(rule)]));
    replacement.rules.forEach((rule) => {
      const has = clocked(rule);
      for (const kind of rule.kinds) {
        if (before.has(kind) && !has.has(kind)) {
          issues.push(
            source.issue(
              where,
              `replacement of "${old.id}" selects ${kind} without a window, which the replaced requirement gave one`,
            ),
          );
        }
      }
    });
    requirements[at] = replacement;
  });

  const overrides = change.requirements ?? {};
  requirements = requirements.map((requirement) => {
    const override = overrides[requirement.id];
    if (!override) return requirement;
    const at = [...path, 'requirements', requirement.id];
    return applyOverride(library, requirement, override, at, overlay, issues);
  });
  for (const id of Object.keys(overrides)) {
    if (find(id) < 0) {
      issues.push(
        source.issue(
          [...path, 'requirements', id],
          `control ${control.id} has no requirement "${id}" to override`,
        ),
      );
    }
  }

  (change.groupRequirements ?? []).forEach((group, i) => {
    requirements = applyGroup(requirements, group, [...path, 'groupRequirements', i], {
      control,
      overlay,
      issues,
    });
  });

  (change.addRequirements ?? []).forEach((requirementSpec, i) => {
    const at = [...path, 'addRequirements', i];
    if (find(requirementSpec.id) >= 0) {
      issues.push(
        source.issue(
          [...at, 'id'],
          `control ${control.id} already has a requirement "${requirementSpec.id}"`,
        ),
      );
    }
    const floors: Floors = library.maxWindow ? { library: library.maxWindow } : {};
    requirements = [
      ...requirements,
      resolveRequirement(requirementSpec, at, source, overlay.name, issues, floors),
    ];
  });

  const notApplicable = change.notApplicable
    ? resolveExclusion(
        control,
        change.notApplicable,
        [...path, 'notApplicable'],
        source,
        overlay.name,
        issues,
      )
    : control.notApplicable;
  if (requirements.length === 0 && !notApplicable) {
    issues.push(
      source.issue(
        path,
        `overlay leaves control ${control.id} without requirements; exclude it with notApplicable instead`,
      ),
    );
  }
  return {
    ...control,
    requirements,
    ...(notApplicable ? { notApplicable } : {}),
    ...(removed.length > 0 ? { removed } : {}),
  };
}

function applyOverride(
  library: ControlLibrary,
  requirement: Requirement,
  override: RequirementOverride,
  at: readonly PathSegment[],
  overlay: LibraryOverlay,
  issues: LibraryIssue[],
): Requirement {
  const { source } = overlay;
  const floor = floorOf(library, requirement);
  const scope: RuleScope = { source, issues, ...(floor ? { floor } : {}) };
  const against = requirement.maxCount !== undefined;
  let rules = requirement.rules;
  if (override.freshness) {
    if (against) {
      issues.push(
        source.issue(
          [...at, 'freshness'],
          'freshness does not apply to evidence that counts against a control',
        ),
      );
    }
    const windows = resolveWindows(
      override.freshness,
      new Set(requirement.kinds),
      [...at, 'freshness'],
      scope,
    );
    rules = rules.map((rule) => {
      const mine = Object.fromEntries(
        rule.kinds.flatMap((kind) => (windows[kind] ? [[kind, windows[kind]]] : [])),
      );
      return { ...rule, freshness: { ...rule.freshness, ...mine } };
    });
  }
  if (override.minCount !== undefined) {
    if (against) {
      issues.push(
        source.issue(
          [...at, 'minCount'],
          'minCount does not apply to evidence that counts against a control',
        ),
      );
    } else {
      const minCount = override.minCount;
      rules = rules.map((rule) => ({ ...rule, minCount }));
    }
  }
  return {
    ...requirement,
    ...summarise(rules),
    rules,
    weight: override.weight ?? requirement.weight,
    ownerRole: override.ownerRole ?? requirement.ownerRole,
    essential: override.essential ?? requirement.essential,
  };
}

function applyGroup(
  requirements: Requirement[],
  group: RequirementGroup,
  at: readonly PathSegment[],
  { control, overlay, issues }: Pick<Change, 'control' | 'overlay' | 'issues'>,
): Requirement[] {
  const { source } = overlay;
  const before = issues.length;
  const grouped: Requirement[] = [];
  group.anyOf.forEach((id, j) => {
    const requirement = requirements.find((candidate) => candidate.id === id);
    if (!requirement) {
      issues.push(
        source.issue([...at, 'anyOf', j], `control ${control.id} has no requirement "${id}" to group`),
      );
    } else if (requirement.maxCount !== undefined) {
      issues.push(
        source.issue(
          [...at, 'anyOf', j],
          `requirement "${id}" counts against the control and cannot be an alternative`,
        ),
      );
    } else grouped.push(requirement);
  });
  const scopes = new Set(grouped.map((requirement) => requirement.forEach ?? 'none'));
  if (scopes.size > 1) {
    issues.push(
      source.issue([...at, 'anyOf'], `grouped requirements must share forEach (${[...scopes].join(', ')})`),
    );
  }
  if (requirements.some((r) => r.id === group.id && !group.anyOf.includes(r.id))) {
    issues.push(source.issue([...at, 'id'], `control ${control.id} already has a requirement "${group.id}"`));
  }
  const rules = grouped.flatMap((requirement) =>
    requirement.anyOf
      ? requirement.rules
      : requirement.rules.map((rule) => ({
          ...rule,
          id: requirement.id,
          description: requirement.description,
        })),
  );
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id))
      issues.push(source.issue([...at, 'anyOf'], `two alternatives would be called "${rule.id}"`));
    ids.add(rule.id);
  }
  const [first] = grouped;
  if (issues.length > before || !first) return requirements;
  let maxWindow = first.maxWindow;
  for (const requirement of grouped) maxWindow = tighterFloor(maxWindow, requirement.maxWindow);
  const combined: Requirement = {
    id: group.id,
    description: group.description,
    ...summarise(rules),
    weight: group.weight ?? Math.max(...grouped.map((requirement) => requirement.weight)),
    ownerRole: group.ownerRole ?? first.ownerRole,
    origin: overlay.name,
    essential: group.essential ?? grouped.some((requirement) => requirement.essential),
    anyOf: true,
    rules,
    ...(first.forEach ? { forEach: first.forEach } : {}),
    ...(maxWindow ? { maxWindow } : {}),
  };
  const position = requirements.indexOf(first);
  return requirements.flatMap((requirement, i) =>
    i === position ? [combined] : grouped.includes(requirement) ? [] : [requirement],
  );
}
