import { describe, expect, it } from 'vitest';
import { parseDate } from './path.js';

describe('parseDate', () => {
  it('reads ISO dates and date-times, as UTC when they give no offset', () => {
    expect(parseDate('2026-09-15')).toBe(Date.parse('2026-09-15T00:00:00Z'));
    expect(parseDate('2026-09-15T10:30:00Z')).toBe(Date.parse('2026-09-15T10:30:00Z'));
    expect(parseDate('2026-09-15T10:30')).toBe(Date.parse('2026-09-15T10:30:00Z'));
    expect(parseDate('2026-09-15T10:30:00.250+0200')).toBe(Date.parse('2026-09-15T08:30:00.250Z'));
    expect(parseDate('2026-09-15 10:30:00+02:00')).toBe(Date.parse('2026-09-15T08:30:00Z'));
  });

  it('refuses anything else, so a missing or free-text date never counts', () => {
    for (const value of [
      undefined,
      null,
      '',
      'last spring',
      'March 7, 2019',
      '2026-02-31',
      '2026-13-01',
      20260101,
      true,
    ]) {
      expect(parseDate(value), String(value)).toBeNaN();
    }
    expect(parseDate('2024-02-29')).toBe(Date.parse('2024-02-29T00:00:00Z'));
  });
});
