import { connectorReadTest, MemoryContentStore } from '@aims/connector-sdk';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { richTextToMarkdown } from '../src/adf.js';
import { createJiraConnector } from '../src/index.js';
import { fixtures } from './fixtures.js';

const HOST = 'https://acme.atlassian.net';
const TOKEN = 'atlassian-token-SECRET-98765';
const WEBHOOK_SECRET = 'jira-webhook-secret-0000000001';
/** The attachment's thumbnail URL in search-page-1.json carries a media token. */
const MEDIA_TOKEN = 'media-token-SECRET-4242';
const config = {
  host: HOST,
  auth: { type: 'basic', email: 'bot@acme.example', apiToken: TOKEN },
  webhook: { secret: WEBHOOK_SECRET },
  projects: [{ key: 'AIMS' }],
};
const connector = createJiraConnector({ sleep: async () => {}, retryPolicy: { random: () => 0 } });

function searchPages() {
  const scope = nock(HOST);
  scope
    .get('/rest/api/3/search/jql')
    .query((q) => q.nextPageToken === undefined && String(q.fields).includes('attachment'))
    .reply(200, fixtures.searchPage1);
  scope
    .get('/rest/api/3/search/jql')
    .query((q) => q.nextPageToken === fixtures.searchPage1.nextPageToken)
    .reply(200, fixtures.searchPage2);
  return scope;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('Jira ticket content', () => {
  it('stores each ticket body, comments and attachments list with the fields the attributes came from', async () => {
    const store = new MemoryContentStore();
    const scope = searchPages();
    const run = await connectorReadTest({ connector, config, storeContent: store.storeContent });
    expect(scope.isDone()).toBe(true); // description, comment and attachment came with the search
    expect(run.upserts).toHaveLength(3);
    for (const record of run.upserts)
      expect(record.content).toEqual({
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        mediaType: 'application/json',
        size: expect.any(Number),
        blobKey: `sha256/${record.content?.sha256}`,
      });
    const aims1 = store.json(run.upserts[0]?.content?.blobKey ?? '') as Record<string, unknown>;
    const source = fixtures.searchPage1.issues[0]?.fields as Record<string, unknown>;
    expect(aims1).toMatchObject({
      key: 'AIMS-1',
      url: `${HOST}/browse/AIMS-1`,
      issueType: 'AI Impact Assessment',
      summary: 'Impact assessment: credit scoring model',
      status: 'Approved',
      labels: ['ai-system:credit-scoring', 'aims'],
      created: '2026-11-01T08:00:00.000+0000',
      assignee: 'Alice Auditor',
      reporter: 'Bob Builder',
      description: source.description,
      descriptionText:
        '## Scope\n\nCredit scoring model v3 (xgb-credit), used for retail loan decisions.\n\n' +
        '- Affected groups: applicants under 25\n- Mitigation: quarterly fairness evaluation',
      comments: [
        {
          id: '30001',
          author: 'Carol Compliance',
          created: '2026-11-10T09:29:00.000+0000',
          updated: '2026-11-10T09:29:00.000+0000',
          body: expect.objectContaining({ type: 'doc' }),
          bodyText: 'Approved after the fairness review with @Alice Auditor.',
        },
      ],
      commentCount: 1,
      attachments: [
        {
          id: '40001',
          filename: 'aia-credit-scoring-v3.pdf',
          size: 48213,
          mimeType: 'application/pdf',
          created: '2026-11-02T11:00:00.000+0000',
          author: 'Alice Auditor',
        },
      ],
      statusChanges: [
        { at: '2026-11-05T10:00:00.000+0000', by: 'Bob Builder', from: 'To Do', to: 'In Review' },
        { at: '2026-11-10T09:30:00.000+0000', by: 'Carol Compliance', from: 'In Review', to: 'Approved' },
      ],
    });
    expect(aims1).not.toHaveProperty('updated');
  });

  it('stores nothing new when the same tickets are read again', async () => {
    const store = new MemoryContentStore();
    searchPages();
    const first = await connectorReadTest({ connector, config, storeContent: store.storeContent });
    const written = store.writes;
    expect(written).toBe(3);
    searchPages();
    const again = await connectorReadTest({
      connector,
      config,
      storeContent: store.storeContent,
      full: true,
    });
    expect(again.upserts.map((r) => r.content)).toEqual(first.upserts.map((r) => r.content));
    expect(store.writes).toBe(written);
  });

  it('never stores the API token, the webhook secret, attachment URLs, media tokens or e-mail addresses', async () => {
    const store = new MemoryContentStore();
    searchPages();
    await connectorReadTest({ connector, config, storeContent: store.storeContent });
    for (const text of [
      TOKEN,
      WEBHOOK_SECRET,
      MEDIA_TOKEN,
      '/attachment/content/',
      'avatar',
      '@acme.example',
    ])
      expect(store.holds(text), text).toBe(false);
  });
});

describe('richTextToMarkdown', () => {
  it('renders ADF paragraphs, headings, lists, quotes, code and mentions, and leaves media out', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Risk' }] },
        {
          type: 'orderedList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] },
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'two' }] }] },
          ],
        },
        { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'quoted' }] }] },
        { type: 'codeBlock', content: [{ type: 'text', text: 'a = 1\nb = 2' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'line' },
            { type: 'hardBreak' },
            { type: 'mention', attrs: { text: '@Dana' } },
          ],
        },
        { type: 'mediaSingle', content: [{ type: 'media', attrs: { id: 'x' } }] },
      ],
    };
    expect(richTextToMarkdown(doc)).toBe(
      '### Risk\n\n1. one\n2. two\n\n> quoted\n\n```\na = 1\nb = 2\n```\n\nline\n@Dana',
    );
  });

  it('keeps wiki text as it is and gives null for no text', () => {
    expect(richTextToMarkdown('h2. Scope\n* item')).toBe('h2. Scope\n* item');
    expect(richTextToMarkdown(null)).toBeNull();
    expect(richTextToMarkdown('')).toBeNull();
    expect(richTextToMarkdown({ type: 'doc', version: 1, content: [] })).toBeNull();
  });
});
