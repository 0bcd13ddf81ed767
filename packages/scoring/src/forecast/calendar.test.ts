import { describe, expect, it } from 'vitest';
import { addYears, certificationCalendar, nextAudit } from './calendar.js';

describe('the certification calendar', () => {
  it('has yearly surveillance audits and a recertification three years on, by default', () => {
    expect(certificationCalendar({ certifiedAt: '2026-03-16', body: 'Northgate' })).toEqual([
      { kind: 'surveillance', date: '2027-03-16', at: '2027-03-16T00:00:00.000Z', body: 'Northgate' },
      { kind: 'surveillance', date: '2028-03-16', at: '2028-03-16T00:00:00.000Z', body: 'Northgate' },
      { kind: 'recertification', date: '2029-03-16', at: '2029-03-16T00:00:00.000Z', body: 'Northgate' },
    ]);
  });

  it('takes the dates the config gives, in date order', () => {
    const calendar = certificationCalendar({
      certifiedAt: '2026-03-16',
      surveillance: ['2028-02-01', '2027-02-01'],
      recertificationAt: '2029-01-15',
    });
    expect(calendar.map((audit) => `${audit.kind} ${audit.date}`)).toEqual([
      'surveillance 2027-02-01',
      'surveillance 2028-02-01',
      'recertification 2029-01-15',
    ]);
  });

  it('keeps a 29 February anniversary in February', () => {
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
  });

  it('names the next audit: the first whose day starts after now, none once the cycle is over', () => {
    const cert = { certifiedAt: '2026-03-16' };
    expect(nextAudit(cert, Date.parse('2026-12-01T09:00:00Z'))?.date).toBe('2027-03-16');
    expect(nextAudit(cert, Date.parse('2027-03-16T00:00:00Z'))?.date).toBe('2028-03-16');
    expect(nextAudit(cert, Date.parse('2028-03-15T23:59:59Z'))?.date).toBe('2028-03-16');
    expect(nextAudit(cert, Date.parse('2029-03-16T08:00:00Z'))).toBeUndefined();
  });
});
