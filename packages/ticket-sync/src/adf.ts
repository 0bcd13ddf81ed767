import type { Version3Models } from 'jira.js';

/** Atlassian Document Format, the rich text of Jira Cloud's REST v3 (descriptions, comments). */
export type AdfNode = Omit<Version3Models.Document, 'version'>;

export const text = (value: string, href?: string): AdfNode =>
  href === undefined
    ? { type: 'text', text: value }
    : { type: 'text', text: value, marks: [{ type: 'link', attrs: { href } }] };

export const paragraph = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });

export const bulletList = (items: readonly AdfNode[][]): AdfNode => ({
  type: 'bulletList',
  content: items.map((content) => ({ type: 'listItem', content: [paragraph(...content)] })),
});

export const doc = (...content: AdfNode[]): Version3Models.Document => ({ type: 'doc', version: 1, content });

/** The plain text of a document (for logs and tests). */
export function plainText(node: Pick<AdfNode, 'text' | 'content' | 'type'>): string {
  if (node.text !== undefined) return node.text;
  const parts = (node.content ?? []).map(plainText);
  return node.type === 'doc' || node.type === 'bulletList' ? parts.join('\n') : parts.join('');
}
