import type { GapRecord } from '@aims/catalogue';
import { parseWorkspaceConfig } from '@aims/config';
import { describe, expect, it } from 'vitest';
import { plainText } from './adf.js';
import { closedFingerprint, openFingerprint, ticketContent } from './content.js';
import { shapeValue } from './metadata.js';

const config = parseWorkspaceConfig(
  `workspace: acme
owners:
  ml-lead: { name: Aisha Bello, email: aisha@acme.example }
tickets:
  jira:
    baseUrl: https://acme.atlassian.net
    emailEnv: E
    apiTokenEnv: T
    project: GOV
    labels: [iso42001]
    fields:
      priority: { from: priority, map: { high: Highest } }
      customfield_1: { from: reason }
      customfield_2: { value: { id: "10020" } }
`,
  'aims.yaml',
);
const jira = config.tickets?.jira;
if (jira === undefined) throw new Error('the test config has a tickets.jira section');

const expiring: GapRecord = {
  id: 'A.7.4-0123456789',
  workspace: 'acme',
  controlId: 'A.7.4',
  state: 'open',
  reason: 'expiring',
  priority: 'medium',
  ownerRole: 'ml-lead',
  openedAt: '2026-11-01T00:00:00.000Z',
  dueAt: '2026-11-20T23:30:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  detail: {
    title: 'Data quality for AI systems '.repeat(12).trim(),
    objectiveId: 'A.7',
    status: 'compliant',
    coverage: 100,
    tags: [],
    priorityScore: 0,
    missing: [],
    expiring: {
      at: '2026-11-20T23:30:00.000Z',
      evidence: [
        {
          key: 'acme/s3/datasets/claims.parquet',
          version: 4,
          contentHash: 'c'.repeat(64),
          kind: 'ml.dataset',
          effectiveAt: '2026-05-20T00:00:00Z',
          expiresAt: '2026-11-20T23:30:00.000Z',
        },
      ],
    },
  },
};

describe('ticketContent', () => {
  it('says which control, why, who and when, within Jira’s limits', () => {
    const content = ticketContent(expiring, jira, config.owners);
    expect(content.summary.length).toBe(255);
    expect(content.summary.startsWith('AIMS gap A.7.4 Data quality')).toBe(true);
    expect(content.labels).toEqual(['aims-gap', 'aims-gap-A.7.4-0123456789', 'iso42001']);
    expect(content.duedate).toBe('2026-11-20');
    expect(content.owner).toEqual({ role: 'ml-lead', name: 'Aisha Bello', email: 'aisha@acme.example' });
    // A priority the map leaves out leaves the field unset; a fixed value is sent as written.
    expect(content.fields).toEqual({
      customfield_1: { value: 'expiring' },
      customfield_2: { value: { id: '10020' } },
    });
    const text = plainText(content.description);
    expect(text).toContain(
      'is compliant, but its coverage drops on 2026-11-20 unless this evidence is renewed:',
    );
    expect(text).toContain('acme/s3/datasets/claims.parquet version 4 (ml.dataset), fresh until 2026-11-20');
    expect(text).toContain('Owner: Aisha Bello (ml-lead). Priority medium, due 2026-11-20.');
  });

  it('fingerprints what is written, so only a change that reaches the ticket changes it', () => {
    const base = openFingerprint(ticketContent(expiring, jira, config.owners), jira);
    const touched = { ...expiring, updatedAt: '2026-11-02T00:00:00.000Z' };
    expect(openFingerprint(ticketContent(touched, jira, config.owners), jira)).toBe(base);
    const moved = { ...expiring, dueAt: '2026-11-10T00:00:00.000Z' };
    expect(openFingerprint(ticketContent(moved, jira, config.owners), jira)).not.toBe(base);
    const reassigned = { 'ml-lead': { name: 'Sam Carter', email: 'sam@acme.example' } };
    expect(openFingerprint(ticketContent(expiring, jira, reassigned), jira)).not.toBe(base);
    expect(
      closedFingerprint({ ...expiring, state: 'closed', closedAt: '2026-11-05T00:00:00.000Z' }),
    ).not.toBe(base);
  });
});

describe('shapeValue', () => {
  it('wraps a text value the way the field’s type in Jira wants it', () => {
    expect(shapeValue({ value: 'High' }, { id: 'priority', schema: { type: 'priority' } })).toEqual({
      name: 'High',
    });
    expect(shapeValue({ value: 'ISO' }, { schema: { type: 'option' } })).toEqual({ value: 'ISO' });
    expect(shapeValue({ value: 'a' }, { schema: { type: 'array', items: 'string' } })).toEqual(['a']);
    expect(shapeValue({ value: 'a' }, { schema: { type: 'array', items: 'option' } })).toEqual([
      { value: 'a' },
    ]);
    expect(shapeValue({ value: '3' }, { schema: { type: 'number' } })).toBe(3);
    expect(shapeValue({ value: 'A.7.4' }, { schema: { type: 'string' } })).toBe('A.7.4');
    expect(shapeValue({ value: 'High', as: 'id' }, { schema: { type: 'priority' } })).toEqual({ id: 'High' });
    expect(shapeValue({ value: 'High', as: 'text' }, { schema: { type: 'priority' } })).toBe('High');
    expect(shapeValue({ value: { id: '1' } }, { schema: { type: 'priority' } })).toEqual({ id: '1' });
  });
});
