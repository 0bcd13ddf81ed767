/** A node of the Atlassian Document Format (Jira Cloud's rich text), as far as it is read here. */
interface AdfNode {
  type?: unknown;
  text?: unknown;
  attrs?: Record<string, unknown>;
  content?: unknown;
}

const isNode = (value: unknown): value is AdfNode => typeof value === 'object' && value !== null;
const childrenOf = (node: AdfNode): AdfNode[] =>
  Array.isArray(node.content) ? node.content.filter(isNode) : [];

function inline(node: AdfNode): string {
  switch (node.type) {
    case 'text':
      return typeof node.text === 'string' ? node.text : '';
    case 'hardBreak':
      return '\n';
    case 'mention':
    case 'emoji':
    case 'date':
    case 'status': {
      const attrs = node.attrs ?? {};
      const text = attrs.text ?? attrs.shortName ?? attrs.timestamp;
      return typeof text === 'string' ? text : '';
    }
    case 'inlineCard':
      return typeof node.attrs?.url === 'string' ? node.attrs.url : '';
    default:
      return childrenOf(node).map(inline).join('');
  }
}

function block(node: AdfNode, indent: string): string[] {
  const children = childrenOf(node);
  switch (node.type) {
    case 'paragraph':
      return [`${indent}${children.map(inline).join('')}`];
    case 'heading': {
      const level = typeof node.attrs?.level === 'number' ? Math.min(Math.max(node.attrs.level, 1), 6) : 1;
      return [`${indent}${'#'.repeat(level)} ${children.map(inline).join('')}`];
    }
    case 'bulletList':
    case 'orderedList':
      return children.flatMap((item, i) => {
        const marker = node.type === 'bulletList' ? '- ' : `${i + 1}. `;
        const [first = '', ...rest] = childrenOf(item).flatMap((c) => block(c, ''));
        return [
          `${indent}${marker}${first}`,
          ...rest.map((line) => `${indent}${' '.repeat(marker.length)}${line}`),
        ];
      });
    case 'codeBlock':
      return [
        `${indent}\`\`\``,
        ...children
          .map(inline)
          .join('')
          .split('\n')
          .map((l) => indent + l),
        `${indent}\`\`\``,
      ];
    case 'blockquote':
      return children.flatMap((c) => block(c, `${indent}> `));
    case 'rule':
      return [`${indent}---`];
    case 'mediaSingle':
    case 'mediaGroup':
    case 'media':
      return [];
    case 'table':
      return children.map(
        (row) =>
          `${indent}| ${childrenOf(row)
            .map((cell) =>
              childrenOf(cell)
                .flatMap((c) => block(c, ''))
                .join(' '),
            )
            .join(' | ')} |`,
      );
    default:
      return children.length > 0 ? children.flatMap((c) => block(c, indent)) : [`${indent}${inline(node)}`];
  }
}

/**
 * A plain-text (markdown-like) rendering of rich text from Jira: Atlassian Document Format (REST
 * v3) walked for its text, paragraphs, headings, lists, quotes and code; wiki markup or plain text
 * (REST v2, Data Center) as it is. Media and unknown decorations are left out. Null for no text.
 */
export function richTextToMarkdown(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (!isNode(value)) return null;
  const blocks = childrenOf(value).map((c) => block(c, '').join('\n'));
  const text = blocks
    .filter((b) => b.trim() !== '')
    .join('\n\n')
    .trim();
  return text === '' ? null : text;
}
