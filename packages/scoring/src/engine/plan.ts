import type { Control, ControlLibrary, EvidenceRule, ForEachScope, Requirement } from '../library/model.js';
import { compileMatcher, type Selectable } from '../predicates.js';
import { compileTiming, type EntryMaker } from './timing.js';

/** One rule (a requirement's own, or one anyOf alternative) ready to test artifacts. */
export interface RuleSlot {
  /** Position in Plan.rules; engines keep per-rule state in arrays indexed by it. */
  readonly index: number;
  readonly slot: Slot;
  readonly rule: EvidenceRule;
  /** True when its matches count against the control (maxCount). */
  readonly against: boolean;
  readonly matches: (artifact: Selectable) => boolean;
  readonly entry: EntryMaker;
  /** True when freshness depends on the context's source reads. */
  readonly readsSources: boolean;
}

/** One requirement of one applicable control. */
export interface Slot {
  /** Position in Plan.slots. */
  readonly index: number;
  readonly controlIndex: number;
  readonly requirement: Requirement;
  readonly rules: readonly RuleSlot[];
  /**
   * Share units: the least common multiple of the rules' minCounts, so every rule's share
   * (min(count, minCount) / minCount) is a whole number of units and sums over members are exact.
   */
  readonly units: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (values: readonly number[]): number => values.reduce((a, b) => (a / gcd(a, b)) * b, 1);

export interface PlannedControl {
  readonly index: number;
  readonly control: Control;
  /** Empty when the control is not applicable. */
  readonly slots: readonly Slot[];
}

/** A library compiled for scoring: the index kind -> rules -> requirements (slots) -> controls. */
export interface Plan {
  readonly library: ControlLibrary;
  readonly slots: readonly Slot[];
  readonly rules: readonly RuleSlot[];
  readonly controls: readonly PlannedControl[];
  readonly byKind: ReadonlyMap<string, readonly RuleSlot[]>;
  /** forEach requirements per scope. */
  readonly forEach: ReadonlyMap<ForEachScope, readonly Slot[]>;
  /** Rules whose freshness depends on source reads. */
  readonly readingRules: readonly RuleSlot[];
}

const plans = new WeakMap<ControlLibrary, Plan>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function planFor(library: ControlLibrary): Plan {
  const cached = plans.get(library);
  if (cached) return cached;
  const slots: Slot[] = [];
  const rules: RuleSlot[] = [];
  const byKind = new Map<string, RuleSlot[]>();
  const forEach = new Map<ForEachScope, Slot[]>();
  const controls = library.controls.map((control, controlIndex): PlannedControl => {
    if (control.notApplicable) return { index: controlIndex, control, slots: [] };
    const own = control.requirements.map((requirement): Slot => {
      const ruleSlots: RuleSlot[] = [];
      const units = lcm(requirement.rules.map((rule) => Math.max(1, rule.minCount)));
      const slot: Slot = { index: slots.length, controlIndex, requirement, rules: ruleSlots, units };
      slots.push(slot);
      if (requirement.forEach) push(forEach, requirement.forEach, slot);
      for (const rule of requirement.rules) {
        const ruleSlot: RuleSlot = {
          index: rules.length,
          slot,
          rule,
          against: rule.maxCount !== undefined,
          matches: compileMatcher(rule),
          entry: compileTiming(rule),
          readsSources: rule.maxCount === undefined && Object.keys(rule.lastReadWithin).length > 0,
        };
        rules.push(ruleSlot);
        ruleSlots.push(ruleSlot);
        for (const kind of rule.kinds) push(byKind, kind, ruleSlot);
      }
      return slot;
    });
    return { index: controlIndex, control, slots: own };
  });
  const readingRules = rules.filter((rule) => rule.readsSources);
  const plan: Plan = { library, slots, rules, controls, byKind, forEach, readingRules };
  plans.set(library, plan);
  return plan;
}
