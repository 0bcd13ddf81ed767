import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentDraft, resolveDocumentKind } from './document-record.js';
import { splitFrontMatter, yamlMetadata } from './front-matter.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('splitFrontMatter', () => {
  it('separates front matter from the body', () => {
    expect(splitFrontMatter('---\nkind: policy\napproved: true\n---\n# Title\n', 'a.md')).toEqual({
      data: { kind: 'policy', approved: true },
      body: '# Title\n',
    });
    expect(splitFrontMatter('# No front matter\n', 'a.md').data).toBeUndefined();
  });

  it('round-trips any body behind a front-matter block', () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        const { data, body: rest } = splitFrontMatter(`---\ntitle: x\n---\n${body}`, 'p.md');
        return data?.title === 'x' && rest === body;
      }),
    );
  });

  it('names the file when the YAML is invalid or not a mapping', () => {
    expect(() => splitFrontMatter('---\ntitle: [oops\n---\n', 'docs/a.md')).toThrow(/docs\/a\.md/);
    expect(() => splitFrontMatter('---\n- a\n- b\n---\n', 'docs/b.md')).toThrow(/must be a mapping/);
  });
});

describe('yamlMetadata', () => {
  it('prefers an `evidence` mapping, then a leading metadata document', () => {
    expect(yamlMetadata('evidence:\n  kind: record\nrows: [1]\n', 'x.yaml')).toEqual({
      meta: { kind: 'record' },
      explicit: true,
    });
    expect(yamlMetadata('kind: record\ndocType: roles\n---\nrows: [1]\n', 'x.yaml')).toEqual({
      meta: { kind: 'record', docType: 'roles' },
      explicit: true,
    });
    expect(yamlMetadata('kind: record\nrows: [1]\n', 'x.yaml')).toEqual({
      meta: { kind: 'record', rows: [1] },
      explicit: false,
    });
  });
});

describe('documentDraft', () => {
  it('applies front matter over sidecar over path rules, and fills required attributes', () => {
    const draft = documentDraft({
      path: 'policies/security.md',
      externalId: 'file:x/policies/security.md',
      bytes: bytes('---\nowner: ciso\napproved: true\n---\n# Security policy\n'),
      sidecar: { kind: 'policy', policyType: 'privacy', owner: 'dpo' },
      rules: [{ pattern: 'policies/**', kind: 'record.document', attributes: { policyType: 'security' } }],
    });
    expect(draft).toMatchObject({
      kind: 'policy.document',
      title: 'Security policy',
      owner: 'ciso',
      attributes: { policyType: 'privacy', approved: true, path: 'policies/security.md' },
      content: { mediaType: 'text/markdown' },
    });
  });

  it('keeps the date a policy, procedure or record states as its effectiveDate attribute, and no other date', () => {
    const dated = documentDraft({
      path: 'procedures/incidents.md',
      externalId: 'p',
      bytes: bytes(
        '---\nkind: procedure\nprocedureType: incident-response\neffectiveDate: 2026-03-01\n---\n# Incidents\n',
      ),
    });
    expect(dated).toMatchObject({
      effectiveAt: '2026-03-01T00:00:00.000Z',
      attributes: { effectiveDate: '2026-03-01T00:00:00.000Z' },
    });
    const undated = documentDraft({
      path: 'policies/p.md',
      externalId: 'u',
      bytes: bytes('---\nkind: policy\n---\n'),
    });
    expect(undated?.effectiveAt).toBeUndefined();
    expect(undated?.attributes).not.toHaveProperty('effectiveDate');
    // A model card's schema has no effectiveDate: its date dates the version only.
    const card = documentDraft({
      path: 'cards/bot.md',
      externalId: 'c',
      bytes: bytes('---\nkind: model-card\neffectiveDate: 2026-03-01\n---\n'),
    });
    expect(card?.effectiveAt).toBe('2026-03-01T00:00:00.000Z');
    expect(card?.attributes).not.toHaveProperty('effectiveDate');
  });

  it('names the file and the line of each attribute in its own text, for reports of invalid ones', () => {
    const draft = documentDraft({
      path: 'policies/p.md',
      externalId: 'p',
      bytes: bytes('---\nkind: policy\napproved: true\nattributes:\n  reviewedAt: last spring\n---\n'),
    });
    expect(draft?.origin?.path).toBe('policies/p.md');
    expect(draft?.origin?.lineOf?.('approved')).toBe(3);
    expect(draft?.origin?.lineOf?.('reviewedAt')).toBe(5);
    expect(draft?.origin?.lineOf?.('missing')).toBeUndefined();
  });

  it('reads audits, findings and corrective actions from front matter, ids defaulting to the file stem', () => {
    const finding = documentDraft({
      path: 'audits/2026/F-2026-03.md',
      externalId: 'f',
      bytes: bytes(
        '---\nkind: finding\nauditId: IA-2026-01\ngrade: minor_nonconformity\ncontrols: [A.2.2, 9.2]\ndescription: Not communicated.\n---\n# Finding\n',
      ),
    });
    expect(finding?.kind).toBe('audit.finding');
    expect(finding?.attributes).toEqual({
      findingId: 'F-2026-03',
      auditId: 'IA-2026-01',
      grade: 'minor_nonconformity',
      controls: ['A.2.2', '9.2'],
      description: 'Not communicated.',
      path: 'audits/2026/F-2026-03.md',
    });
    const audit = documentDraft({
      path: 'audits/spring.md',
      externalId: 'a',
      bytes: bytes(
        '---\nkind: audit\nauditId: IA-2026-01\nscope: { clauses: [9.2, 10.2] }\nauditors: [qa]\nstartedAt: 2026-03-02\n---\n',
      ),
    });
    expect(audit?.kind).toBe('audit.internal');
    expect(audit?.attributes).toMatchObject({ auditId: 'IA-2026-01', scope: { clauses: ['9.2', '10.2'] } });
    expect(resolveDocumentKind('corrective-action', 'a.md')).toBe('audit.corrective-action');
  });

  it('returns undefined for files nothing gives a kind, and rejects unknown kinds', () => {
    expect(documentDraft({ path: 'notes.md', externalId: 'n', bytes: bytes('# Notes') })).toBeUndefined();
    expect(() => resolveDocumentKind('memo', 'a.md')).toThrow(/"memo"/);
    expect(resolveDocumentKind('model-card', 'a.md')).toBe('ml.model-card');
  });
});
