import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventSchemas } from './generated/schemas.js';
import { ARTIFACT_KINDS, isArtifactKind } from './kinds.js';

const contractsDir = new URL('../../../contracts/events/', import.meta.url);

describe('artifact kinds', () => {
  it('lists every kind of the data-model table, and no other', () => {
    const doc = readFileSync(new URL('../../../docs/data-model.md', import.meta.url), 'utf8');
    const table = doc.slice(doc.indexOf('## Artifact kinds'), doc.indexOf('## Topics'));
    const documented = new Set<string>();
    for (const line of table.split('\n')) {
      const first = line.split('|')[1] ?? '';
      for (const match of first.matchAll(/`([a-z]+\.[a-z-]+)`/g)) documented.add(match[1]!);
    }
    expect([...ARTIFACT_KINDS].sort()).toEqual([...documented].sort());
  });

  it('has an attribute schema for every kind', () => {
    const attributes = eventSchemas['artifact-attributes.schema.json'] as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(attributes.properties).sort()).toEqual([...ARTIFACT_KINDS].sort());
  });

  it('embeds the schemas exactly as they are in contracts/events', () => {
    for (const [file, schema] of Object.entries(eventSchemas)) {
      expect(JSON.parse(readFileSync(new URL(file, contractsDir), 'utf8'))).toEqual(schema);
    }
  });

  it('recognises kinds', () => {
    expect(isArtifactKind('ml.run')).toBe(true);
    expect(isArtifactKind('ml.runs')).toBe(false);
    expect(isArtifactKind(3)).toBe(false);
  });
});
