import { describe, expect, it } from 'vitest';
import { instant } from './plan.js';

describe('instant', () => {
  it('normalises offsets and precision to UTC milliseconds, also when asked again (memoised)', () => {
    for (let round = 0; round < 2; round++) {
      expect(instant('2026-03-01T10:00:00+02:00')).toBe('2026-03-01T08:00:00.000Z');
      expect(instant('2026-03-01T08:00:00Z')).toBe('2026-03-01T08:00:00.000Z');
    }
  });

  it('rejects a value that is not a date-time every time, naming it', () => {
    for (let round = 0; round < 2; round++) {
      expect(() => instant('not-a-date', 'collectedAt of item 3')).toThrow(
        'collectedAt of item 3 "not-a-date" is not a date-time',
      );
    }
  });

  it('stays correct past the memo bound', () => {
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 5_000; i++) {
      const ms = base + i * 1_000;
      expect(instant(new Date(ms).toISOString().replace('.000Z', 'Z'))).toBe(new Date(ms).toISOString());
    }
  });
});
