import { ScoringInputError } from './errors.js';

/** Milliseconds since the epoch from an ISO string, Date or number; throws naming the field otherwise. */
export function toMillis(value: string | Date | number, field: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new ScoringInputError(`${field} is not a valid time: ${String(value)}`, `/${field}`);
  }
  return ms;
}

/** Recently formatted instants: evidence shares few distinct dates, so format each once. */
const formatted = new Map<number, string>();
const FORMATTED_MAX = 8_192;

export function toIso(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined;
  let text = formatted.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (formatted.size >= FORMATTED_MAX) formatted.clear();
    formatted.set(ms, text);
  }
  return text;
}
