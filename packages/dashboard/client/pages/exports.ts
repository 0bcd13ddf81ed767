// Exports: start an auditor bundle, follow its progress, download it and check what was
// downloaded against the bundle's SHA-256; its signature status as the API reports it.
import { ApiError, apiFetch, errorOf, getJson, getOptional, postJson } from '../api.js';
import { facts, h, section, table } from '../dom.js';
import { saveBlob } from '../download.js';
import { NotFound } from '../errors.js';
import { offers } from '../features.js';
import { bytes, instant, type Tone, toneBadge } from '../format.js';
import { currentAiSystem, exportLink } from '../links.js';
import type { PageContext, PageView } from '../router.js';
import type { AiSystemPage, Export, ExportPage } from '../types.js';

const TONE: Record<Export['status'], Tone> = {
  queued: 'none',
  running: 'warn',
  succeeded: 'ok',
  failed: 'bad',
};
const LABEL: Record<Export['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
};
const statusOf = (e: Export) => toneBadge(TONE[e.status], LABEL[e.status]);
const SESSION_LIST = 'aims.exports';

function remember(id: string): void {
  const ids = JSON.parse(sessionStorage.getItem(SESSION_LIST) ?? '[]') as string[];
  sessionStorage.setItem(SESSION_LIST, JSON.stringify([id, ...ids.filter((x) => x !== id)].slice(0, 20)));
}

async function recentExports(): Promise<Export[]> {
  if (!offers('exports')) return [];
  const page = await getOptional<ExportPage>('/v1/exports?limit=20');
  if (page) return page.items;
  const ids = JSON.parse(sessionStorage.getItem(SESSION_LIST) ?? '[]') as string[];
  const found = await Promise.all(ids.map((id) => getOptional<Export>(`/v1/exports/${id}`)));
  return found.filter((e): e is Export => e !== undefined);
}

function createForm(systems: AiSystemPage | undefined, navigate: PageContext['navigate']): HTMLElement {
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'muted' });
  const selected = currentAiSystem();
  const form = h(
    'form',
    { class: 'export-form', 'aria-label': 'New export' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'AI systems (none ticked: all)'),
      (systems?.items ?? []).map((s) =>
        h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', name: 'aiSystems', value: s.id, checked: s.id === selected }),
          ` ${s.name}`,
        ),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'export-controls' }, 'Controls (ids separated by spaces or commas; empty: all)'),
      h('input', { id: 'export-controls', name: 'controls', type: 'text', placeholder: 'A.6.2.4 A.7.2' }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'export-as-of' }, 'As of (empty: now)'),
      h('input', { id: 'export-as-of', name: 'asOf', type: 'datetime-local', step: 1 }),
    ),
    h('button', { type: 'submit', class: 'primary' }, 'Start export'),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const request: { aiSystems?: string[]; controls?: string[]; asOf?: string } = {};
    const aiSystems = data.getAll('aiSystems').map(String);
    if (aiSystems.length) request.aiSystems = aiSystems;
    const controls = String(data.get('controls') ?? '')
      .split(/[\s,]+/)
      .filter(Boolean);
    if (controls.length) request.controls = controls;
    const asOf = String(data.get('asOf') ?? '');
    if (asOf) request.asOf = new Date(`${asOf}Z`).toISOString().replace(/\.\d{3}Z$/, 'Z');
    status.textContent = 'Starting…';
    try {
      const created = await postJson<Export>('/v1/exports', request);
      remember(created.id);
      navigate(exportLink(created.id));
    } catch (error) {
      status.textContent =
        error instanceof ApiError && error.status === 501
          ? 'This server does not make exports (it has no exporter configured).'
          : `The export could not be started: ${error instanceof Error ? error.message : String(error)}`;
      status.className = 'missing';
    }
  });
  return form;
}

export async function exportsPage(ctx: PageContext): Promise<PageView> {
  const [systems, recent] = await Promise.all([
    getJson<AiSystemPage>('/v1/ai-systems?limit=500').catch(() => undefined),
    recentExports(),
  ]);
  return {
    title: 'Exports',
    body: h(
      'div',
      { 'data-page': 'exports' },
      h('div', { class: 'page-head' }, h('h1', { tabindex: -1 }, 'Exports')),
      h(
        'p',
        { class: 'muted' },
        'An export is a signed auditor bundle: the evidence, the scores and their explanation as of one instant.',
      ),
      offers('exports')
        ? section('New export', createForm(systems, ctx.navigate))
        : h(
            'p',
            { class: 'callout', role: 'note' },
            'This server does not make exports: it has no exporter configured.',
          ),
      section(
        'Recent exports',
        table(
          'Recent exports, newest first',
          ['Created', 'Status', 'AI systems', 'Controls', 'Size'],
          recent.map((e) => [
            h('a', { href: exportLink(e.id) }, instant(e.createdAt)),
            statusOf(e),
            e.request.aiSystems?.join(', ') ?? 'all',
            e.request.controls?.join(', ') ?? 'all',
            e.bundle ? bytes(e.bundle.size) : '—',
          ]),
          'No exports yet.',
        ),
      ),
    ),
  };
}

async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function downloadPanel(e: Export): HTMLElement {
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'primary' }, 'Download bundle');
  button.addEventListener('click', async () => {
    if (!e.bundle || !e.download) return;
    button.disabled = true;
    status.textContent = 'Downloading…';
    try {
      // The bytes come through the API, never a redirect to the blob store: the page may only
      // fetch from its own origin, and it hashes what it received.
      const response = await apiFetch(`${e.download.url}?redirect=false`, {
        headers: { accept: 'application/zip' },
      });
      if (!response.ok) throw await errorOf(response);
      const blob = await response.blob();
      const matches = (await sha256Hex(blob)) === e.bundle.sha256;
      saveBlob(blob, e.bundle.name);
      status.replaceChildren(
        matches
          ? toneBadge('ok', 'Verified: the downloaded file matches the bundle’s SHA-256')
          : toneBadge('bad', 'The downloaded file does not match the bundle’s SHA-256'),
      );
      status.dataset.verified = String(matches);
    } catch (error) {
      status.textContent = `Download failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      button.disabled = false;
    }
  });
  return h('div', {}, button, status);
}

function exportDetails(e: Export): HTMLElement {
  const signature = e.bundle?.signature;
  return h(
    'div',
    { 'data-export-status': e.status },
    h('div', { class: 'page-head' }, h('h1', { tabindex: -1 }, 'Export'), statusOf(e)),
    e.status === 'queued' || e.status === 'running'
      ? h('p', {}, h('progress', { 'aria-label': 'Export progress' }), ` ${LABEL[e.status]}…`)
      : null,
    facts([
      ['Id', h('code', {}, e.id)],
      ['Created', instant(e.createdAt)],
      ['Finished', e.finishedAt ? instant(e.finishedAt) : undefined],
      ['As of', instant(e.request.asOf)],
      ['AI systems', e.request.aiSystems?.join(', ') ?? 'all'],
      ['Controls', e.request.controls?.join(', ') ?? 'all'],
      [
        'Bundle',
        e.bundle
          ? `${e.bundle.name}, ${bytes(e.bundle.size)}, ${e.bundle.versions} evidence versions`
          : undefined,
      ],
      ['SHA-256', e.bundle ? h('code', { class: 'hash' }, e.bundle.sha256) : undefined],
      [
        'Signature',
        signature
          ? signature.status === 'signed'
            ? toneBadge('ok', `Signed${signature.keyId ? ` with key ${signature.keyId}` : ''}`)
            : toneBadge('warn', 'Unsigned')
          : undefined,
      ],
    ]),
    e.error
      ? h('p', { class: 'missing', role: 'alert' }, `Failed: ${e.error.code}: ${e.error.message}`)
      : null,
    e.status === 'succeeded' && e.bundle ? downloadPanel(e) : null,
    e.status === 'succeeded'
      ? h(
          'p',
          { class: 'muted' },
          'Check the bundle offline with ',
          h('code', {}, 'aims verify <bundle.zip>'),
          '.',
        )
      : null,
  );
}

export async function exportPage(ctx: PageContext): Promise<PageView> {
  const id = ctx.params[0] as string;
  const load = async () => {
    try {
      return await getJson<Export>(`/v1/exports/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400 || error.status === 501))
        throw new NotFound('Export', `There is no export “${id}” on this server.`);
      throw error;
    }
  };
  if (!offers('exports')) throw new NotFound('Export', 'This server does not make exports.');
  let current = await load();
  const holder = h('div', { 'data-page': 'export' }, exportDetails(current));
  const poll = async () => {
    while (!ctx.signal.aborted && (current.status === 'queued' || current.status === 'running')) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (ctx.signal.aborted) return;
      current = await load();
      holder.replaceChildren(exportDetails(current));
    }
  };
  void poll().catch((error: unknown) =>
    holder.append(h('p', { class: 'missing' }, `Lost track of the export: ${String(error)}`)),
  );
  return { title: 'Export', body: holder };
}
