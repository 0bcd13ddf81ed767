/** A freshness window: calendar years and months plus a fixed number of milliseconds. */
export interface FreshnessDuration {
  /** The window as written in the library, e.g. "P365D" or "90" (days). */
  readonly text: string;
  readonly years: number;
  readonly months: number;
  /** Weeks, days, hours, minutes and seconds, as milliseconds. */
  readonly ms: number;
}

const DAY_MS = 86_400_000;
const ISO_DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Parses an ISO 8601 duration (P1Y, P6M, P2W, P365D, PT12H) or a whole number of days. */
export function parseDuration(value: string | number): FreshnessDuration | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1) return undefined;
    return { text: String(value), years: 0, months: 0, ms: value * DAY_MS };
  }
  const match = ISO_DURATION.exec(value);
  if (!match) return undefined;
  const n = (i: number): number => Number(match[i] ?? 0);
  const ms = n(3) * 7 * DAY_MS + n(4) * DAY_MS + n(5) * 3_600_000 + n(6) * 60_000 + n(7) * 1000;
  const duration = { text: value, years: n(1), months: n(2), ms };
  return duration.years + duration.months + duration.ms > 0 ? duration : undefined;
}

/** startMs plus the duration; years and months move the calendar date (UTC), the rest is exact time. */
export function addDuration(startMs: number, duration: FreshnessDuration): number {
  if (duration.years === 0 && duration.months === 0) return startMs + duration.ms;
  const date = new Date(startMs);
  date.setUTCMonth(date.getUTCMonth() + duration.years * 12 + duration.months);
  return date.getTime() + duration.ms;
}
