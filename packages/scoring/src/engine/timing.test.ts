import { describe, expect, it } from 'vitest';
import { artifact, controlOf, DAY, iso, mechanismsLibrary, requirementOf, T0 } from '../../test/helpers.ts';
import { evaluate } from './evaluate.js';
import { IncrementalScorer } from './incremental.js';

const library = mechanismsLibrary();
const policy = (attributes: Record<string, unknown>, overrides = {}) =>
  artifact(
    'policy.document',
    { policyType: 'ai-policy', approved: true, approvedBy: 'board', path: 'ai.md', ...attributes },
    overrides,
  );
const modelVersion = (tags: Record<string, string>) =>
  artifact('ml.model-version', { model: 'triage', version: '7', status: 'READY', approved: true, tags });
const bucket = (name: string) =>
  artifact('storage.bucket-config', {
    bucket: name,
    encryption: { enabled: true },
    versioning: 'Enabled',
    publicAccessBlock: {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
      allBlocked: true,
    },
  });

describe('freshnessFrom', () => {
  it('a policy last reviewed in 2019 is stale, however recently it was harvested', () => {
    const old = policy({ reviewedAt: '2019-03-01' });
    const before = mechanismsLibrary((text) => text.replace('            freshnessFrom: reviewedAt\n', ''));
    expect(requirementOf(evaluate(before, [old], T0), 'A.2.2', 'ai-policy-reviewed').satisfied).toBe(true);

    const result = requirementOf(evaluate(library, [old], T0), 'A.2.2', 'ai-policy-reviewed');
    expect(result).toMatchObject({ satisfied: false, freshCount: 0, staleCount: 1 });
    expect(result.stale[0]).toMatchObject({ expiredAt: '2020-02-29T00:00:00.000Z', reason: 'window' });
  });

  it('counts the window from the review date', () => {
    const reviewed = policy({ reviewedAt: iso(T0 - 300 * DAY) });
    const result = requirementOf(evaluate(library, [reviewed], T0), 'A.2.2', 'ai-policy-reviewed');
    expect(result.satisfiedBy[0]?.expiresAt).toBe(iso(T0 + 65 * DAY));
  });

  it('a missing or unparsable date is stale from the start, never fresh since first seen', () => {
    for (const reviewedAt of [undefined, null, 'last spring', '2026-02-31', 20260101]) {
      const undated = policy(reviewedAt === undefined ? {} : { reviewedAt });
      const result = requirementOf(evaluate(library, [undated], T0), 'A.2.2', 'ai-policy-reviewed');
      expect(result, String(reviewedAt)).toMatchObject({ satisfied: false, staleCount: 1 });
      expect(result.stale[0]).toMatchObject({
        reason: 'missing_date',
        message: 'no valid date in reviewedAt',
        expiredAt: undated.effectiveAt,
        expiresAt: undated.effectiveAt,
      });
    }
  });

  it('with a list, counts from the latest valid date among them', () => {
    const listed = mechanismsLibrary((text) =>
      text.replace(
        '            freshnessFrom: reviewedAt\n',
        '            freshnessFrom: [reviewedAt, approvedAt, effectiveDate]\n',
      ),
    );
    const score = (attributes: Record<string, unknown>) =>
      requirementOf(evaluate(listed, [policy(attributes)], T0), 'A.2.2', 'ai-policy-reviewed');
    // Reviewed in 2019 but approved again 100 days ago: fresh for another 265 days.
    const reapproved = score({
      reviewedAt: '2019-01-15',
      approvedAt: iso(T0 - 100 * DAY),
      effectiveDate: 'soon',
    });
    expect(reapproved.satisfiedBy[0]?.expiresAt).toBe(iso(T0 + 265 * DAY));
    // Only the 2019 review: stale by its window, not "fresh since first seen".
    expect(score({ reviewedAt: '2019-01-15' }).stale[0]).toMatchObject({ reason: 'window' });
    expect(score({ effectiveDate: null }).stale[0]).toMatchObject({
      reason: 'missing_date',
      message: 'no valid date in reviewedAt, approvedAt, effectiveDate',
    });
  });

  it('refuses a listed attribute the kind does not declare, naming its line', () => {
    expect(() =>
      mechanismsLibrary((text) =>
        text.replace(
          '            freshnessFrom: reviewedAt\n',
          '            freshnessFrom: [reviewedAt, signedAt]\n',
        ),
      ),
    ).toThrow(
      /mechanisms-library\.yaml:26:\d+: freshnessFrom: unknown attribute "signedAt" for kind policy\.document/,
    );
  });
});

describe('freshUntil', () => {
  it('keeps an approval fresh until its validity date, within its window', () => {
    const until = iso(T0 + 30 * DAY);
    const approved = modelVersion({ approvalValidUntil: until });
    const fresh = requirementOf(evaluate(library, [approved], T0), 'A.6.2.5', 'model-approved');
    expect(fresh.satisfiedBy[0]?.expiresAt).toBe(until);
    const lapsed = requirementOf(evaluate(library, [approved], T0 + 30 * DAY), 'A.6.2.5', 'model-approved');
    expect(lapsed.stale[0]).toMatchObject({
      expiredAt: until,
      reason: 'window',
      message: `tags.approvalValidUntil is ${until}`,
    });
    // A validity date beyond the window does not extend it.
    const long = modelVersion({ approvalValidUntil: '2030-01-01' });
    expect(
      requirementOf(evaluate(library, [long], T0), 'A.6.2.5', 'model-approved').satisfiedBy[0]?.expiresAt,
    ).toBe(iso(T0 + 365 * DAY));
    const none = requirementOf(evaluate(library, [modelVersion({})], T0), 'A.6.2.5', 'model-approved');
    expect(none.stale[0]?.reason).toBe('missing_date');
  });
});

describe('lastReadWithin', () => {
  it('a bucket whose source has not been read for 30 days is stale', () => {
    const config = bucket('models');
    const before = mechanismsLibrary((text) => text.replace('            lastReadWithin: P7D\n', ''));
    expect(requirementOf(evaluate(before, [config], T0), 'A.4.5', 'buckets-encrypted').satisfied).toBe(true);

    const context = { sourceReads: new Map([['test', iso(T0 - 30 * DAY)]]) };
    const result = requirementOf(evaluate(library, [config], T0, { context }), 'A.4.5', 'buckets-encrypted');
    expect(result).toMatchObject({ satisfied: false, staleCount: 1 });
    expect(result.stale[0]).toMatchObject({
      reason: 'source_not_read',
      expiredAt: iso(T0 - 23 * DAY),
      message: `source instance "test" last read successfully at ${iso(T0 - 30 * DAY)}`,
    });
    expect(result.members?.[0]).toMatchObject({ id: 'models', satisfied: false });
  });

  it('a source never read successfully leaves its settings stale', () => {
    const result = requirementOf(evaluate(library, [bucket('models')], T0), 'A.4.5', 'buckets-encrypted');
    expect(result.stale[0]).toMatchObject({
      reason: 'source_not_read',
      message: 'source instance "test" has no successful read',
    });
  });

  it('setContext with a new read refreshes the incremental engine', () => {
    const config = bucket('models');
    const old = { sourceReads: new Map([['test', iso(T0 - 30 * DAY)]]) };
    const scorer = new IncrementalScorer(library, { context: old });
    scorer.upsert(config);
    expect(controlOf(scorer.evaluateAt(T0), 'A.4.5').status).toBe('partially_compliant');
    const fresh = { sourceReads: new Map([['test', iso(T0 - DAY)]]) };
    scorer.setContext(fresh);
    const now = scorer.evaluateAt(T0);
    expect(scorer.lastRecomputed).toEqual(['A.4.5', 'A.6.1.3']);
    expect(controlOf(now, 'A.4.5').status).toBe('compliant');
    expect(now).toEqual(evaluate(library, [config], T0, { context: fresh }));
    expect(controlOf(now, 'A.4.5').nextExpiryAt).toBe(iso(T0 + 6 * DAY));
  });
});

describe('unreadable sources', () => {
  it('an unreadable version is present but never fresh, and the stale ref says why', () => {
    const current = policy({ reviewedAt: iso(T0) });
    const unreadable = { ...current, unreadable: { code: 'forbidden', message: 'HTTP 403 from GitHub' } };
    expect(controlOf(evaluate(library, [current], T0), 'A.2.2').requirements[0]?.satisfied).toBe(true);
    const result = requirementOf(evaluate(library, [unreadable], T0), 'A.2.2', 'ai-policy-reviewed');
    expect(result).toMatchObject({
      satisfied: false,
      presentCount: 1,
      freshCount: 0,
      present: 100,
      fresh: 0,
    });
    expect(result.stale[0]).toMatchObject({
      key: current.key,
      reason: 'unreadable',
      message: 'HTTP 403 from GitHub',
      expiredAt: current.effectiveAt,
    });
  });
});
