import type { MemberScore, MemberTotals } from './requirement.js';
import { totalMembers } from './requirement.js';
import type { InventoryMember, MemberResult } from './types.js';

/** Members whose evidence changed since the last totals, above which a full walk is cheaper. */
const PATCH_LIMIT = 64;

function indexOf(ids: readonly string[], id: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] as string) < id) lo = mid + 1;
    else hi = mid;
  }
  return ids[lo] === id ? lo : -1;
}

/**
 * The incremental engine's member scores of one forEach requirement, aligned with the scope's
 * sorted members, with their totals. A change to a few members' evidence patches those members
 * and the sums; a change of membership, or a time outside the totals' interval, walks the members
 * once, reusing every score that is still valid. The totals are what totalMembers() gives over
 * freshly computed scores (integer sums, order-free bounds), so both engines agree.
 */
export class MemberTable {
  #ids: string[] = [];
  #scores: MemberScore[] = [];
  #totals: MemberTotals | undefined;
  /** Members whose evidence changed since the last totals. */
  readonly dirty = new Set<string>();
  /** Members that joined or left the scope since the last totals (in order). */
  readonly #joined = new Set<string>();
  readonly #left = new Set<string>();
  /** Set when the members changed in a way only a full walk can follow. */
  membersChanged = true;

  /**
   * A member joined (true) or left (false) the scope. Leaving and coming back cancel out: changes
   * to its evidence are reported through dirty.
   */
  member(id: string, joined: boolean): void {
    if ((joined ? this.#left : this.#joined).delete(id)) return;
    (joined ? this.#joined : this.#left).add(id);
    if (this.#joined.size + this.#left.size > PATCH_LIMIT) this.membersChanged = true;
  }

  /** Forgets every score (the members' inInventory flags or timing changed). */
  reset(): void {
    this.#ids = [];
    this.#scores = [];
    this.#totals = undefined;
    this.dirty.clear();
    this.#joined.clear();
    this.#left.clear();
    this.membersChanged = true;
  }

  totals(
    members: readonly InventoryMember[],
    now: number,
    score: (member: InventoryMember) => MemberScore,
  ): MemberTotals {
    const known = this.#totals;
    const current = known && !this.membersChanged && now >= known.validFrom && now < known.validUntil;
    const changes = this.dirty.size + this.#joined.size + this.#left.size;
    let totals: MemberTotals | undefined;
    if (current && changes === 0) totals = known;
    else if (current && changes <= PATCH_LIMIT) totals = this.#patch(known, members, score);
    if (!totals) {
      if (current && changes <= PATCH_LIMIT) {
        // The table and the scope disagree (cannot happen while callers report every change):
        // start again from nothing rather than trust half-applied changes.
        this.#ids = [];
        this.#scores = [];
      }
      totals = this.#walk(members, now, score);
    }
    this.#totals = totals;
    this.dirty.clear();
    this.#joined.clear();
    this.#left.clear();
    this.membersChanged = false;
    return totals;
  }

  #walk(
    members: readonly InventoryMember[],
    now: number,
    score: (member: InventoryMember) => MemberScore,
  ): MemberTotals {
    const oldIds = this.#ids;
    const oldScores = this.#scores;
    const changed = new Uint8Array(oldIds.length);
    for (const id of this.dirty) {
      const at = indexOf(oldIds, id);
      if (at >= 0) changed[at] = 1;
    }
    const ids: string[] = new Array(members.length);
    const scores: MemberScore[] = new Array(members.length);
    let j = 0;
    for (let i = 0; i < members.length; i++) {
      const member = members[i] as InventoryMember;
      while (j < oldIds.length && (oldIds[j] as string) < member.id) j++;
      const old = oldIds[j] === member.id && changed[j] === 0 ? oldScores[j] : undefined;
      ids[i] = member.id;
      scores[i] =
        old && old.result.inInventory === member.inInventory && now >= old.validFrom && now < old.validUntil
          ? old
          : score(member);
    }
    this.#ids = ids;
    this.#scores = scores;
    return totalMembers(scores);
  }

  /**
   * Applies joins, departures and changed evidence to the last totals, in place for the table's
   * own arrays (the results array is copied: earlier evaluations hold the old one). Undefined when
   * it cannot, having changed the table.
   */
  #patch(
    known: MemberTotals,
    members: readonly InventoryMember[],
    score: (member: InventoryMember) => MemberScore,
  ): MemberTotals | undefined {
    const ids = this.#ids;
    const scores = this.#scores;
    const results = known.results.slice() as MemberResult[];
    let { presentUnits, freshUnits, met, missing, dropsAt, validFrom, validUntil } = known;
    let rescan = false;
    const remove = (old: MemberScore): void => {
      presentUnits -= old.presentUnits;
      freshUnits -= old.freshUnits;
      missing -= old.missing;
      if (old.met) met--;
      if (old.dropsAt === dropsAt || old.validFrom === validFrom || old.validUntil === validUntil)
        rescan = true;
    };
    const add = (next: MemberScore): void => {
      presentUnits += next.presentUnits;
      freshUnits += next.freshUnits;
      missing += next.missing;
      if (next.met) met++;
      if (next.dropsAt < dropsAt) dropsAt = next.dropsAt;
      if (next.validFrom > validFrom) validFrom = next.validFrom;
      if (next.validUntil < validUntil) validUntil = next.validUntil;
    };
    for (const id of this.#left) {
      const at = indexOf(ids, id);
      if (at < 0) continue;
      remove(scores[at] as MemberScore);
      ids.splice(at, 1);
      scores.splice(at, 1);
      results.splice(at, 1);
    }
    for (const id of [...this.#joined].sort()) {
      let at = 0;
      let hi = ids.length;
      while (at < hi) {
        const mid = (at + hi) >>> 1;
        if ((ids[mid] as string) < id) at = mid + 1;
        else hi = mid;
      }
      if (ids[at] === id) continue;
      const member = members[at];
      if (member?.id !== id) return undefined;
      const next = score(member);
      add(next);
      ids.splice(at, 0, id);
      scores.splice(at, 0, next);
      results.splice(at, 0, next.result);
    }
    if (ids.length !== members.length) return undefined;
    for (const id of this.dirty) {
      if (this.#joined.has(id)) continue;
      const at = indexOf(ids, id);
      if (at < 0) continue;
      const member = members[at] as InventoryMember;
      const next = score(member);
      remove(scores[at] as MemberScore);
      add(next);
      scores[at] = next;
      results[at] = next.result;
    }
    if (rescan) {
      // A bound held by a score that went away may loosen: find it again over all scores.
      dropsAt = Number.POSITIVE_INFINITY;
      validFrom = Number.NEGATIVE_INFINITY;
      validUntil = Number.POSITIVE_INFINITY;
      for (const item of scores) {
        if (item.dropsAt < dropsAt) dropsAt = item.dropsAt;
        if (item.validFrom > validFrom) validFrom = item.validFrom;
        if (item.validUntil < validUntil) validUntil = item.validUntil;
      }
    }
    return { results, presentUnits, freshUnits, met, missing, dropsAt, validFrom, validUntil };
  }
}
