import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemberTable } from './member-table.js';
import { type MemberScore, totalMembers } from './requirement.js';
import type { InventoryMember, MemberResult } from './types.js';

/**
 * A stand-in for a member's evidence: a deadline. Before it the member is met (2 units of each
 * share), from it on it is not; its score is valid on either side of the deadline.
 */
function scoreOf(member: InventoryMember, deadline: number, now: number): MemberScore {
  const met = now < deadline;
  const units = met ? 2 : deadline % 2;
  const result = {
    id: member.id,
    inInventory: member.inInventory,
    satisfied: met,
    deadline,
  } as unknown as MemberResult;
  return {
    result,
    present: units / 2,
    fresh: units / 2,
    presentUnits: units,
    freshUnits: units,
    met,
    missing: met ? 0 : 1,
    dropsAt: met ? 100 - deadline : Number.POSITIVE_INFINITY,
    validFrom: met ? Number.NEGATIVE_INFINITY : deadline,
    validUntil: met ? deadline : Number.POSITIVE_INFINITY,
  };
}

const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
// Evaluations mostly at the same few times, so that totals stay current and get patched.
const op = fc.oneof(
  fc.record({
    type: fc.constant('set' as const),
    id: fc.constantFrom(...IDS),
    deadline: fc.integer({ min: 0, max: 40 }),
  }),
  fc.record({ type: fc.constant('join' as const), id: fc.constantFrom(...IDS) }),
  fc.record({ type: fc.constant('leave' as const), id: fc.constantFrom(...IDS) }),
  fc.record({ type: fc.constant('flip' as const) }),
  fc.record({
    type: fc.constant('totals' as const),
    now: fc.oneof(fc.constantFrom(3, 4, 25, 26), fc.integer({ min: 0, max: 40 })),
  }),
);

describe('MemberTable', () => {
  it('gives the totals of freshly computed scores after any changes (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const table = new MemberTable();
        const deadlines = new Map<string, number>();
        const members = new Set<string>(['a', 'b', 'c']);
        let cut = 'e';
        const inventory = (): InventoryMember[] =>
          [...members].sort().map((id) => ({ id, inInventory: id < cut }));
        for (const step of ops) {
          if (step.type === 'set') {
            deadlines.set(step.id, step.deadline);
            table.dirty.add(step.id);
          } else if (step.type === 'join' || step.type === 'leave') {
            const had = members.has(step.id);
            if (step.type === 'join') members.add(step.id);
            else members.delete(step.id);
            if (had !== members.has(step.id)) table.member(step.id, step.type === 'join');
          } else if (step.type === 'flip') {
            // The inventory changed which members are configured.
            cut = cut === 'e' ? 'c' : 'e';
            table.membersChanged = true;
          } else {
            const list = inventory();
            const score = (member: InventoryMember) =>
              scoreOf(member, deadlines.get(member.id) ?? 5 + 7 * IDS.indexOf(member.id), step.now);
            expect(table.totals(list, step.now, score)).toEqual(totalMembers(list.map(score)));
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('patches a few changed members without rescoring the others', () => {
    const table = new MemberTable();
    const members = IDS.map((id) => ({ id, inInventory: true }));
    let scored = 0;
    const score = (member: InventoryMember) => {
      scored++;
      return scoreOf(member, 100, 0);
    };
    table.totals(members, 0, score);
    expect(scored).toBe(8);
    table.dirty.add('c');
    table.dirty.add('zz');
    const totals = table.totals(members, 1, score);
    expect(scored).toBe(9);
    expect(totals.met).toBe(8);
    table.membersChanged = true;
    table.totals(members, 2, score);
    expect(scored).toBe(9);
  });

  it.each([
    ['validUntil', 3, { a: 5, b: 10 }, 'a', 20],
    ['dropsAt', 3, { a: 5, b: 10 }, 'b', 8],
    ['validFrom', 25, { a: 5, b: 20, c: 30 }, 'b', 10],
  ] as const)('finds %s again when the member that held it loosens it', (_, now, start, id, deadline) => {
    const table = new MemberTable();
    const deadlines = new Map<string, number>(Object.entries(start));
    const members = [...deadlines.keys()].map((member) => ({ id: member, inInventory: true }));
    const score = (member: InventoryMember) => scoreOf(member, deadlines.get(member.id) ?? 0, now);
    table.totals(members, now, score);
    deadlines.set(id, deadline);
    table.dirty.add(id);
    expect(table.totals(members, now, score)).toEqual(totalMembers(members.map(score)));
  });
});
