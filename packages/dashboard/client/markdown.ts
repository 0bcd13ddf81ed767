// Markdown evidence shown safely: markdown-it (raw HTML off) parses it into tokens, and this
// builds the DOM from an allow-list of elements with text nodes only. No HTML string from the
// evidence is ever parsed, so no script or event attribute in it can run.
import type { Token } from 'markdown-it';
import { h, safeHref } from './dom.js';
import { loadMarkdown } from './vendor.js';

const BLOCK_TAGS = new Set([
  'p',
  'ul',
  'ol',
  'li',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'em',
  'strong',
  's',
  'a',
]);

/** Headings of the evidence sit below the page's own (h1 and h2). */
const shiftHeading = (tag: string): string =>
  /^h[1-6]$/.test(tag) ? `h${Math.min(6, Number(tag.slice(1)) + 2)}` : tag;

function open(token: Token): HTMLElement | undefined {
  if (!BLOCK_TAGS.has(token.tag)) return undefined;
  if (token.tag === 'a') {
    const href = safeHref(String(token.attrGet('href') ?? ''));
    return href ? h('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank' }) : h('span');
  }
  return document.createElement(shiftHeading(token.tag));
}

function build(tokens: readonly Token[], root: HTMLElement): void {
  const stack: HTMLElement[] = [root];
  const top = () => stack[stack.length - 1] as HTMLElement;
  for (const token of tokens) {
    if (token.nesting === 1) {
      const element = open(token) ?? h('span');
      top().append(element);
      stack.push(element);
    } else if (token.nesting === -1) {
      if (stack.length > 1) stack.pop();
    } else if (token.type === 'inline' && token.children) {
      build(token.children, top());
    } else if (token.type === 'fence' || token.type === 'code_block') {
      top().append(h('pre', {}, h('code', {}, token.content)));
    } else if (token.type === 'code_inline') {
      top().append(h('code', {}, token.content));
    } else if (token.type === 'softbreak') {
      top().append(' ');
    } else if (token.type === 'hardbreak') {
      top().append(h('br'));
    } else if (token.type === 'hr') {
      top().append(h('hr'));
    } else if (token.type === 'image') {
      top().append(
        h('span', { class: 'muted' }, `[image: ${token.content || token.attrGet('alt') || 'untitled'}]`),
      );
    } else {
      // text, and anything else (html_inline, html_block: never parsed as HTML), as plain text.
      top().append(token.content);
    }
  }
}

/** Front matter (a leading `---` block) apart from the body. */
export function splitFrontMatter(source: string): { frontMatter?: string; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  return match ? { frontMatter: match[1] as string, body: source.slice(match[0].length) } : { body: source };
}

/** The rendered markdown as a detached element. */
export async function renderMarkdown(source: string): Promise<HTMLElement> {
  const parser = await loadMarkdown();
  const { frontMatter, body } = splitFrontMatter(source);
  const root = h('div', { class: 'markdown' });
  if (frontMatter !== undefined)
    root.append(h('details', {}, h('summary', {}, 'Front matter'), h('pre', {}, frontMatter)));
  build(parser.parse(body, {}), root);
  return root;
}
