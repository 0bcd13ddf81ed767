import type { ApiSchema } from '@aims/core';
import type { CertificationAudit, Forecast, LibraryTotals } from '@aims/scoring';
import { apiTotals } from './totals.js';

type ApiForecast = ApiSchema<'Forecast'>;

const libraryTotals = (totals: LibraryTotals): ApiSchema<'LibraryTotals'> => ({
  annexA: apiTotals(totals.annexA),
  clauses: apiTotals(totals.clauses),
});

const auditView = (audit: CertificationAudit): ApiSchema<'CertificationAudit'> => ({
  kind: audit.kind,
  date: audit.date,
  at: audit.at,
  ...(audit.body === undefined ? {} : { body: audit.body }),
});

/** What the forecast answers besides the engine's result. */
export interface ForecastFacts {
  /** The audit whose day `at` is, if any. */
  audit?: CertificationAudit | undefined;
  nextAudit?: CertificationAudit | undefined;
  aiSystem?: string | undefined;
  /** How many renewals to list. */
  limit: number;
}

/** The engine's forecast as the API serves it (GET /v1/forecast). */
export function forecastView(forecast: Forecast, facts: ForecastFacts): ApiForecast {
  return {
    at: forecast.at,
    evaluatedAt: forecast.evaluatedAt,
    ...(facts.audit ? { audit: auditView(facts.audit) } : {}),
    ...(facts.nextAudit ? { nextAudit: auditView(facts.nextAudit) } : {}),
    ...(facts.aiSystem === undefined ? {} : { aiSystem: facts.aiSystem }),
    totals: libraryTotals(forecast.totals),
    totalsNow: libraryTotals(forecast.totalsNow),
    notCompliant: forecast.notCompliant.map(({ unmetEssential, ...control }) => ({
      ...control,
      ...(unmetEssential ? { unmetEssential: [...unmetEssential] } : {}),
    })),
    renew: forecast.renew.slice(0, facts.limit).map(({ members, kind, owner, ...item }) => ({
      ...item,
      kind: kind as ApiSchema<'ArtifactKind'>,
      owner: { ...owner },
      ...(members ? { members: [...members] } : {}),
    })),
    renewTotal: forecast.renew.length,
  };
}
