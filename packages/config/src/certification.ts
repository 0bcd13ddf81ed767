import { z } from 'zod';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date such as 2026-03-02 that exists (no 2026-02-31). */
export const calendarDate = z
  .string()
  .regex(DATE, 'must be a date such as 2026-03-02')
  .refine((value) => {
    if (!DATE.test(value)) return true; // the pattern has said what is wrong
    const ms = Date.parse(`${value}T00:00:00Z`);
    return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
  }, 'is not a date that exists');

/**
 * The organisation's ISO/IEC 42001 certificate: when it was certified, by whom, and the audits
 * it must pass. Surveillance audits default to one and two years after certification, the
 * recertification audit to three years after it (a certificate lasts three years);
 * `certificationCalendar` in `@aims/scoring` lists them.
 */
export const certificationSchema = z
  .object({
    /** The date of the certification decision (or of the certification audit). */
    certifiedAt: calendarDate,
    /** The certification body, e.g. "BSI" or "TÜV SÜD". */
    body: z.string().min(1).optional(),
    /** Surveillance audit dates; default the first and second anniversary of certifiedAt. */
    surveillance: z.array(calendarDate).min(1).optional(),
    /** The recertification audit; default three years after certifiedAt. */
    recertificationAt: calendarDate.optional(),
  })
  .strict()
  .superRefine((cert, ctx) => {
    // The default recertification, three years on (as text: enough to compare dates with).
    const recertification =
      cert.recertificationAt ?? `${Number(cert.certifiedAt.slice(0, 4)) + 3}${cert.certifiedAt.slice(4)}`;
    if (recertification <= cert.certifiedAt)
      ctx.addIssue({
        code: 'custom',
        path: ['recertificationAt'],
        message: `must come after certifiedAt (${cert.certifiedAt})`,
      });
    (cert.surveillance ?? []).forEach((date, index) => {
      if (date <= cert.certifiedAt || date >= recertification)
        ctx.addIssue({
          code: 'custom',
          path: ['surveillance', index],
          message: `must fall between certifiedAt (${cert.certifiedAt}) and the recertification (${recertification})`,
        });
    });
  });

export type CertificationConfig = z.output<typeof certificationSchema>;
