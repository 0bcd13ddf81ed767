/**
 * The built-in source of the evidence the API itself collects (internal audits, findings and
 * corrective actions posted to `/v1/audits`, `/v1/findings`, `/v1/corrective-actions`): the
 * connector and instance its raw records and artifact keys name, and their collector. Normalisers
 * accept records of this connector besides the configured ones.
 */
export const API_SOURCE = Object.freeze({
  connector: 'aims-api',
  instance: 'aims-api',
  collector: Object.freeze({ id: 'aims-api', version: '1' }),
});
