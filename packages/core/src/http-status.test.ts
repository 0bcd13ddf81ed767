import { describe, expect, it } from 'vitest';
import { httpStatusOf } from './http-status.js';

describe('httpStatusOf', () => {
  it('gives every app one status per error code', () => {
    expect(httpStatusOf('not_found')).toBe(404);
    expect(httpStatusOf('unknown_workspace')).toBe(404);
    expect(httpStatusOf('unauthorized')).toBe(401);
    expect(httpStatusOf('invalid_signature')).toBe(401);
    expect(httpStatusOf('forbidden')).toBe(403);
    expect(httpStatusOf('malformed_json')).toBe(400);
    expect(httpStatusOf('payload_too_large')).toBe(413);
    expect(httpStatusOf('unprocessable_event')).toBe(422);
    expect(httpStatusOf('too_many_auth_failures')).toBe(429);
    expect(httpStatusOf('scores_pending')).toBe(503);
    expect(httpStatusOf('broker_unavailable')).toBe(503);
    expect(httpStatusOf('not_implemented')).toBe(501);
  });

  it('maps families by suffix and prefix, and anything else to 500', () => {
    expect(httpStatusOf('version_conflict')).toBe(409);
    expect(httpStatusOf('invalid_cursor')).toBe(400);
    expect(httpStatusOf('catalogue_not_ready')).toBe(500);
  });
});
