// The page router: one URL per page, history.pushState for links inside the dashboard, the
// back button through popstate. A page renders off-screen and replaces the previous one only if
// no newer navigation began meanwhile.
import { ApiError } from './api.js';
import { h } from './dom.js';
import { NotFound } from './errors.js';
import { link, setCurrentAiSystem } from './links.js';

export interface PageContext {
  /** The decoded path parameters of the route. */
  params: readonly string[];
  query: URLSearchParams;
  aiSystem: string | undefined;
  /** Aborted when the person leaves the page (stops polling). */
  signal: AbortSignal;
  navigate(to: string, options?: { replace?: boolean }): void;
}

export interface PageView {
  title: string;
  body: Node;
}

export type Page = (ctx: PageContext) => Promise<PageView>;
export type Route = readonly [RegExp, Page];

let routes: readonly Route[] = [];
let generation = 0;
let controller: AbortController | undefined;
let onRendered: (path: string) => void = () => undefined;
/** The path and query last rendered: a change of the fragment alone (the skip link) is no navigation. */
let shown = '';

const main = (): HTMLElement => document.getElementById('main') as HTMLElement;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  void render(true);
}

function notFoundView(title: string, message: string): PageView {
  return {
    title,
    body: h(
      'div',
      { class: 'not-found', 'data-page': 'not-found' },
      h('h1', { tabindex: -1 }, title),
      h('p', { role: 'alert' }, message),
      h('p', {}, h('a', { href: link('/') }, 'Back to the overview')),
    ),
  };
}

function errorView(error: unknown): { view: PageView; state: string } {
  if (error instanceof NotFound)
    return { view: notFoundView(`${error.what} not found`, error.message), state: 'not-found' };
  if (error instanceof ApiError && error.status === 404)
    return { view: notFoundView('Not found', error.message), state: 'not-found' };
  if (error instanceof ApiError && error.status === 401) {
    return {
      state: 'error',
      view: {
        title: 'API key needed',
        body: h(
          'div',
          {},
          h('h1', { tabindex: -1 }, 'API key needed'),
          h('p', { role: 'alert' }, 'This server answers only with an API key.'),
          h(
            'button',
            { type: 'button', class: 'primary', onclick: () => void render(true) },
            'Enter an API key',
          ),
        ),
      },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    state: 'error',
    view: {
      title: 'Something went wrong',
      body: h(
        'div',
        {},
        h('h1', { tabindex: -1 }, 'Something went wrong'),
        h('p', { role: 'alert' }, error instanceof ApiError ? `${error.code}: ${message}` : message),
        h('button', { type: 'button', onclick: () => void render(true) }, 'Try again'),
      ),
    },
  };
}

async function render(focus: boolean): Promise<void> {
  controller?.abort();
  const own = new AbortController();
  controller = own;
  const token = ++generation;
  const url = new URL(location.href);
  shown = url.pathname + url.search;
  const aiSystem = url.searchParams.get('aiSystem') || undefined;
  setCurrentAiSystem(aiSystem);
  document.body.dataset.state = 'loading';
  main().setAttribute('aria-busy', 'true');

  const match = routes
    .map(([pattern, page]) => ({ page, found: pattern.exec(url.pathname) }))
    .find((candidate) => candidate.found);
  let view: PageView;
  let state = 'ready';
  try {
    if (!match?.found) throw new NotFound('Page', `There is no page at ${url.pathname}.`);
    const params = match.found.slice(1).map((part) => decodeURIComponent(part ?? ''));
    view = await match.page({ params, query: url.searchParams, aiSystem, signal: own.signal, navigate });
  } catch (error) {
    ({ view, state } = errorView(error));
  }
  if (token !== generation) return;
  document.title = `${view.title} · AIMS Evidence Mesh`;
  main().replaceChildren(view.body);
  main().removeAttribute('aria-busy');
  onRendered(url.pathname);
  if (focus) {
    main().querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  document.body.dataset.state = state;
  performance.mark('aims:ready');
}

/** Same-origin links to dashboard pages navigate in place; everything else behaves as usual. */
function interceptLinks(event: MouseEvent): void {
  if (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  )
    return;
  const anchor = (event.target as Element | null)?.closest('a');
  if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href, location.href);
  if (
    url.origin !== location.origin ||
    url.pathname.startsWith('/v1/') ||
    url.pathname.startsWith('/assets/')
  )
    return;
  // A link within the page (the skip link) is the browser's to follow.
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
  event.preventDefault();
  if (url.href !== location.href) navigate(url.pathname + url.search);
}

/** Filter forms (method get) navigate to their URL, so a filtered view can be linked and gone back to. */
function interceptForms(event: SubmitEvent): void {
  const form = event.target as HTMLFormElement;
  if (form.method !== 'get' || !form.dataset.filters) return;
  event.preventDefault();
  const search = new URLSearchParams();
  for (const [name, value] of new FormData(form))
    if (typeof value === 'string' && value !== '') search.set(name, value);
  const text = search.toString();
  navigate(`${location.pathname}${text ? `?${text}` : ''}`);
}

export function startRouter(table: readonly Route[], rendered: (path: string) => void): void {
  routes = table;
  onRendered = rendered;
  document.addEventListener('click', interceptLinks);
  document.addEventListener('submit', interceptForms);
  window.addEventListener('popstate', () => {
    if (location.pathname + location.search !== shown) void render(true);
  });
  void render(false);
}
