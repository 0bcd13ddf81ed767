/**
 * A certificate's audit calendar (structurally, `@aims/config`'s `certification:`): the
 * certification date, surveillance audits (default yearly) and the recertification (default three
 * years on). Dates are YYYY-MM-DD, as the config states them.
 */
export interface CertificationInput {
  readonly certifiedAt: string;
  readonly body?: string | undefined;
  readonly surveillance?: readonly string[] | undefined;
  readonly recertificationAt?: string | undefined;
}

/** One audit of the certification cycle. */
export interface CertificationAudit {
  readonly kind: 'surveillance' | 'recertification';
  /** The audit's date (YYYY-MM-DD). */
  readonly date: string;
  /** The audit day's start, 00:00 UTC (ISO 8601). */
  readonly at: string;
  /** The certification body, when the config names one. */
  readonly body?: string;
}

/** The date `years` years after a YYYY-MM-DD date (29 February falls back to 28 February). */
export function addYears(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year + years, month - 1, day));
  // Date.UTC rolls 29 February into March in a common year; keep the anniversary in February.
  if (target.getUTCMonth() !== month - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/** The audits of a certificate in date order: the surveillance audits, then the recertification. */
export function certificationCalendar(cert: CertificationInput): CertificationAudit[] {
  const surveillance = cert.surveillance ?? [addYears(cert.certifiedAt, 1), addYears(cert.certifiedAt, 2)];
  const body = cert.body === undefined ? {} : { body: cert.body };
  return [
    ...[...surveillance].sort().map((date) => ({ kind: 'surveillance' as const, date })),
    { kind: 'recertification' as const, date: cert.recertificationAt ?? addYears(cert.certifiedAt, 3) },
  ].map((audit) => ({ ...audit, at: `${audit.date}T00:00:00.000Z`, ...body }));
}

/**
 * The next audit of a certificate: the first whose day (00:00 UTC) starts after `now`. Undefined
 * when the calendar is over (after the recertification audit the config should describe the new
 * certificate).
 */
export function nextAudit(cert: CertificationInput, now: Date | number): CertificationAudit | undefined {
  const ms = new Date(now).getTime();
  return certificationCalendar(cert).find((audit) => Date.parse(audit.at) > ms);
}
