/**
 * Attribute paths as rules write them (`metrics.fairness.demographic_parity_diff`). Connectors keep
 * names as the source logged them, so a dot can belong to a key: at each level the longest run of
 * segments that is an own key of the object wins, then the lookup carries on below it.
 */
export interface AttributePath {
  readonly text: string;
  /** Per start segment i: the keys to try, longest first, with the segment index after each. */
  readonly steps: readonly (readonly (readonly [key: string, next: number])[])[];
}

const compiled = new Map<string, AttributePath>();

export function compilePath(text: string): AttributePath {
  const known = compiled.get(text);
  if (known) return known;
  const segments = text.split('.');
  const steps = segments.map((_, i) => {
    const keys: [string, number][] = [];
    for (let end = segments.length; end > i; end--) keys.push([segments.slice(i, end).join('.'), end]);
    return keys;
  });
  const path = { text, steps };
  compiled.set(text, path);
  return path;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** The value at path, or undefined when some level is missing or not a plain object. */
export function lookupPath(attributes: Readonly<Record<string, unknown>>, path: AttributePath): unknown {
  let value: unknown = attributes;
  let at = 0;
  const { steps } = path;
  while (at < steps.length) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const object = value as Record<string, unknown>;
    let found = false;
    for (const [key, next] of steps[at] as readonly (readonly [string, number])[]) {
      if (hasOwn.call(object, key)) {
        value = object[key];
        at = next;
        found = true;
        break;
      }
    }
    if (!found) return undefined;
  }
  return value;
}

const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Milliseconds of an ISO 8601 date or date-time string, read as UTC when it gives no offset (a
 * date alone is midnight UTC); NaN for anything else, so a missing or free-text date never counts.
 */
export function parseDate(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  // Longer text is parsed without the memo: hashing a document body to look it up would cost far
  // more than the pattern, which fails at its first character.
  if (value.length > DATE_MAX_LENGTH) return parseDateText(value);
  const known = parsedDates.get(value);
  if (known !== undefined) return known;
  const ms = parseDateText(value);
  // Evidence repeats few distinct dates: each is parsed once (bounded, cleared when full).
  if (parsedDates.size >= PARSED_DATES_MAX) parsedDates.clear();
  parsedDates.set(value, ms);
  return ms;
}

const parsedDates = new Map<string, number>();
/** Dates are shorter: an ISO 8601 date-time with nanoseconds and an offset has 35 characters. */
const DATE_MAX_LENGTH = 40;
const PARSED_DATES_MAX = 8_192;

function parseDateText(value: string): number {
  const match = ISO_DATE.exec(value);
  if (!match) return Number.NaN;
  const [, date = '', time, zone] = match;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  // Date.parse rolls 2026-02-31 over into March; a date that does not exist is no date.
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())
    return Number.NaN;
  if (time === undefined) return Date.parse(`${date}T00:00:00Z`);
  const offset = zone === undefined ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  return Date.parse(`${date}T${time}${offset}`);
}
