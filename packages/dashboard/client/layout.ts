// The frame around every page: the main navigation (aria-current on the page shown) and the
// AI system filter, which every view honours.
import { getJson } from './api.js';
import { h } from './dom.js';
import { currentAiSystem, link } from './links.js';
import { navigate } from './router.js';
import type { AiSystemPage } from './types.js';

const select = (): HTMLSelectElement => document.getElementById('ai-system') as HTMLSelectElement;
let known: { id: string; name: string }[] = [];

function fillSelect(): void {
  const selected = currentAiSystem() ?? '';
  const options = [...known];
  if (selected && !options.some((system) => system.id === selected))
    options.push({ id: selected, name: `${selected} (unknown)` });
  select().replaceChildren(
    h('option', { value: '' }, 'All AI systems'),
    ...options.map((system) =>
      h('option', { value: system.id, selected: system.id === selected }, system.name),
    ),
  );
}

/** Loads the AI systems into the filter and makes it navigate. */
export async function startLayout(): Promise<void> {
  select().addEventListener('change', () => {
    const url = new URL(location.href);
    const value = select().value;
    if (value) url.searchParams.set('aiSystem', value);
    else url.searchParams.delete('aiSystem');
    url.searchParams.delete('cursor');
    navigate(url.pathname + url.search);
  });
  fillSelect();
  try {
    const page = await getJson<AiSystemPage>('/v1/ai-systems?limit=500');
    known = page.items.map((system) => ({ id: system.id, name: system.name }));
  } catch {
    // The page itself reports an unreachable API; the filter keeps what the URL says.
  }
  fillSelect();
}

const SECTIONS: Record<string, RegExp> = {
  '/': /^\/(index\.html|controls\/.*|clauses\/.*)?$/,
  '/evidence': /^\/(evidence|artifacts\/.*)$/,
  '/gaps': /^\/gaps$/,
  '/ai-systems': /^\/ai-systems(\/.*)?$/,
  '/runs': /^\/runs(\/.*)?$/,
  '/exports': /^\/exports(\/.*)?$/,
};

/** After each page: links carry the filter, the current section is marked. */
export function pageShown(path: string): void {
  for (const anchor of document.querySelectorAll<HTMLAnchorElement>('#nav a[data-path]')) {
    const base = anchor.dataset.path ?? '/';
    anchor.href = link(base);
    if (SECTIONS[base]?.test(path)) anchor.setAttribute('aria-current', 'page');
    else anchor.removeAttribute('aria-current');
  }
  fillSelect();
}
