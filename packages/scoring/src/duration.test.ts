import { describe, expect, it } from 'vitest';
import { addDuration, parseDuration } from './duration.js';

const at = (iso: string): number => Date.parse(iso);

describe('freshness durations', () => {
  it('parses ISO 8601 durations and whole days', () => {
    expect(parseDuration('P365D')).toMatchObject({ years: 0, months: 0, ms: 365 * 86_400_000 });
    expect(parseDuration('P2W')?.ms).toBe(14 * 86_400_000);
    expect(parseDuration('PT12H')?.ms).toBe(12 * 3_600_000);
    expect(parseDuration('P1Y6M')).toMatchObject({ years: 1, months: 6, ms: 0 });
    expect(parseDuration(90)).toMatchObject({ text: '90', ms: 90 * 86_400_000 });
  });

  it('rejects empty, zero and malformed windows', () => {
    for (const bad of ['P', 'PT', 'P0D', '1 year', 'P1.5D', 'p1d'])
      expect(parseDuration(bad), bad).toBeUndefined();
    expect(parseDuration(0)).toBeUndefined();
    expect(parseDuration(1.5)).toBeUndefined();
  });

  it('adds years and months on the calendar and the rest as exact time', () => {
    const window = parseDuration('P1M');
    const year = parseDuration('P1Y');
    const days = parseDuration('P30D');
    if (!window || !year || !days) throw new Error('parse failed');
    expect(addDuration(at('2026-01-15T10:00:00Z'), window)).toBe(at('2026-02-15T10:00:00Z'));
    expect(addDuration(at('2028-02-29T00:00:00Z'), year)).toBe(at('2029-03-01T00:00:00Z'));
    expect(addDuration(at('2026-01-15T10:00:00Z'), days)).toBe(at('2026-02-14T10:00:00Z'));
  });
});
