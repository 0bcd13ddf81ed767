import { addDuration, type FreshnessDuration } from '../duration.js';

const DAY_MS = 86_400_000;
const shortest = (d: FreshnessDuration): number => d.years * 365 * DAY_MS + d.months * 28 * DAY_MS + d.ms;
const longest = (d: FreshnessDuration): number => d.years * 366 * DAY_MS + d.months * 31 * DAY_MS + d.ms;

/** Every day of a four-year leap cycle: enough starts to see every month length and leap day. */
const STARTS = Array.from({ length: 1461 }, (_, day) => Date.UTC(2024, 0, 1) + day * DAY_MS);

/** True when window can end later than floor for some start (P13M past P1Y, P366D past P1Y). */
export function exceedsFloor(window: FreshnessDuration, floor: FreshnessDuration): boolean {
  if (longest(window) <= shortest(floor)) return false;
  if (shortest(window) > longest(floor)) return true;
  return STARTS.some((start) => addDuration(start, window) > addDuration(start, floor));
}

/** The tighter of two floors (either may be absent). */
export function tighterFloor(
  a: FreshnessDuration | undefined,
  b: FreshnessDuration | undefined,
): FreshnessDuration | undefined {
  if (!a) return b;
  if (!b) return a;
  return exceedsFloor(a, b) ? b : a;
}
