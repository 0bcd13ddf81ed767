/**
 * HTTP status of each AimsError code an app answers with. The one mapping for every app (the
 * evidence API, the webhook gateway, the all-in-one), so one code always means one status.
 */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  // 400: the request is malformed
  malformed_json: 400,
  // 401: who is asking is not established
  unauthorized: 401,
  invalid_signature: 401,
  // 403: known, but not allowed
  forbidden: 403,
  host_not_allowed: 403,
  // 404: no such thing here
  not_found: 404,
  unknown_ai_system: 404,
  unknown_workspace: 404,
  unknown_instance: 404,
  // 409: the resource cannot take this request now
  conflict: 409,
  connector_disabled: 409,
  export_not_ready: 409,
  // 413, 415, 422: the body is too big, of the wrong type, or means nothing we can use
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable_event: 422,
  unknown_control: 422,
  unknown_audit: 422,
  unknown_finding: 422,
  unknown_evidence: 422,
  unknown_ai_system_in_body: 422,
  not_a_nonconformity: 422,
  closure_evidence_required: 422,
  // 429: slow down
  too_many_auth_failures: 429,
  // 501, 503: not built here, or not ready yet
  not_implemented: 501,
  scores_pending: 503,
  broker_unavailable: 503,
};

/**
 * HTTP status of an AimsError code: the table above, then `*_conflict` → 409 and `invalid_*` →
 * 400; any other code is a server error (500).
 */
export function httpStatusOf(code: string): number {
  const exact = STATUS_BY_CODE[code];
  if (exact !== undefined) return exact;
  if (code.endsWith('_conflict')) return 409;
  if (code.startsWith('invalid_')) return 400;
  return 500;
}
