import { describe, expect, it } from 'vitest';
import { connectorEntries, connectorRegistry, webhookSources } from './index.js';

describe('the connector registry', () => {
  it('lists every connector folder once, by its id, with the webhook sources they carry', async () => {
    const { readdir } = await import('node:fs/promises');
    const folders = (await readdir(new URL('../../connectors', import.meta.url))).filter(
      (name) => !name.includes('.'),
    );
    expect([...connectorRegistry.keys()].sort()).toEqual(folders.sort());
    expect(webhookSources.map((source) => source.connector).sort()).toEqual(['github', 'jira']);
    for (const [id, entry] of connectorEntries) {
      expect(entry.connector.id).toBe(id);
      if (entry.webhook) expect(entry.webhook.collectorVersion).toBe(entry.connector.version);
    }
  });
});
