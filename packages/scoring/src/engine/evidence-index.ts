import { countsFor } from '../inventory/members.js';
import type { Held } from './artifacts.js';
import { compareEntries, type Entry, firstFreshIndex, insertEntry, removeEntry } from './entries.js';
import type { Plan, RuleSlot } from './plan.js';
import { NO_STATS, type RequirementStats, statsFromSorted } from './stats.js';
import type { TimingContext } from './timing.js';

/** The matching entries of one rule, sorted by time then key; per member too under forEach. */
interface RuleEntries {
  readonly all: Entry[];
  readonly byMember: Map<string, Entry[]> | undefined;
}

/** Called for each rule an artifact entered or left, with the members it counts for. */
export type Touch = (rule: RuleSlot, members: readonly string[]) => void;

const NONE: readonly string[] = [];

/**
 * The incremental engine's evidence: per rule (and per rule and member) the matching live
 * artifacts sorted by expiry, so the statistics at any time are a binary search away.
 */
export class EvidenceIndex {
  readonly #plan: Plan;
  #rules: RuleEntries[];

  constructor(plan: Plan) {
    this.#plan = plan;
    this.#rules = plan.rules.map((rule) => this.#empty(rule));
  }

  #empty(rule: RuleSlot): RuleEntries {
    return { all: [], byMember: rule.slot.requirement.forEach ? new Map() : undefined };
  }

  /** Replaces every list with the matches among helds, sorting once. */
  load(helds: Iterable<Held>, timing: TimingContext): void {
    this.#rules = this.#plan.rules.map((rule) => this.#empty(rule));
    for (const held of helds)
      this.#visit(held, timing, (state, entry, members) => {
        state.all.push(entry);
        for (const member of members) pushTo(state.byMember, member, entry);
      });
    for (const state of this.#rules) sortAll(state);
  }

  /** Rebuilds one rule's lists (after its timing context changed). */
  rebuild(rule: RuleSlot, helds: Iterable<Held>, timing: TimingContext): void {
    const state = this.#empty(rule);
    const kinds = new Set<string>(rule.rule.kinds);
    for (const held of helds) {
      const { artifact } = held;
      if (artifact.tombstone || !kinds.has(artifact.kind) || !rule.matches(artifact)) continue;
      const entry = rule.entry(held, timing);
      state.all.push(entry);
      for (const member of membersOf(rule, held)) pushTo(state.byMember, member, entry);
    }
    sortAll(state);
    this.#rules[rule.index] = state;
  }

  attach(held: Held, timing: TimingContext, touch: Touch): void {
    this.#visit(held, timing, (state, entry, members, rule) => {
      insertEntry(state.all, entry);
      for (const member of members) {
        const list = state.byMember?.get(member);
        if (list) insertEntry(list, entry);
        else state.byMember?.set(member, [entry]);
      }
      touch(rule, members);
    });
  }

  detach(held: Held, timing: TimingContext, touch: Touch): void {
    this.#visit(held, timing, (state, entry, members, rule) => {
      if (!removeEntry(state.all, entry.exp, entry.key, entry.artifact)) return;
      for (const member of members) {
        const list = state.byMember?.get(member);
        if (!list) continue;
        removeEntry(list, entry.exp, entry.key, entry.artifact);
        if (list.length === 0) state.byMember?.delete(member);
      }
      touch(rule, members);
    });
  }

  /** The rule's entries whose time falls in (from, to], in time order. */
  between(rule: RuleSlot, from: number, to: number): readonly Entry[] {
    const all = this.#rules[rule.index]?.all;
    if (!all || all.length === 0 || to <= from) return [];
    return all.slice(firstFreshIndex(all, from), firstFreshIndex(all, to));
  }

  stats(rule: RuleSlot, now: number, limit: number): RequirementStats {
    return this.#sorted(this.#rules[rule.index]?.all, rule, now, limit);
  }

  memberStats(rule: RuleSlot, member: string, now: number, limit: number): RequirementStats {
    return this.#sorted(this.#rules[rule.index]?.byMember?.get(member), rule, now, limit);
  }

  #sorted(list: readonly Entry[] | undefined, rule: RuleSlot, now: number, limit: number): RequirementStats {
    if (!list || list.length === 0) return NO_STATS;
    return statsFromSorted(list, now, rule.rule.minCount, limit, rule.rule.maxCount);
  }

  #visit(
    held: Held,
    timing: TimingContext,
    apply: (state: RuleEntries, entry: Entry, members: readonly string[], rule: RuleSlot) => void,
  ): void {
    const { artifact } = held;
    if (artifact.tombstone) return;
    for (const rule of this.#plan.byKind.get(artifact.kind) ?? []) {
      if (!rule.matches(artifact)) continue;
      apply(this.#rules[rule.index] as RuleEntries, rule.entry(held, timing), membersOf(rule, held), rule);
    }
  }
}

function membersOf(rule: RuleSlot, held: Held): readonly string[] {
  const scope = rule.slot.requirement.forEach;
  return scope ? countsFor(scope, held.artifact) : NONE;
}

function pushTo(byMember: Map<string, Entry[]> | undefined, member: string, entry: Entry): void {
  const list = byMember?.get(member);
  if (list) list.push(entry);
  else byMember?.set(member, [entry]);
}

function sortAll(state: RuleEntries): void {
  state.all.sort(compareEntries);
  for (const list of state.byMember?.values() ?? []) list.sort(compareEntries);
}
