// A preview of a version's content: markdown rendered safely, JSON pretty-printed, other text
// as text, anything else offered as a download. Never parsed as HTML.
import { apiFetch, keySegment } from './api.js';
import { h } from './dom.js';
import { downloadButton, saveBlob } from './download.js';
import { bytes } from './format.js';
import { renderMarkdown } from './markdown.js';
import type { ArtifactVersion } from './types.js';

const PREVIEW_LIMIT = 512 * 1024;

const isMarkdown = (type: string, url: string | undefined) =>
  /markdown/.test(type) || (/^text\/plain/.test(type) && /\.md$/i.test(url ?? ''));
const isJson = (type: string) => /[/+]json\b/.test(type);
const isText = (type: string) => /^text\/|[/+](yaml|xml|csv)\b|^application\/(x-)?yaml/.test(type);

async function body(type: string, url: string | undefined, text: string): Promise<HTMLElement> {
  if (isMarkdown(type, url)) return renderMarkdown(text);
  if (isJson(type)) {
    try {
      return h('pre', { class: 'json' }, JSON.stringify(JSON.parse(text), null, 2));
    } catch {
      return h('pre', {}, text);
    }
  }
  return h('pre', {}, text);
}

export async function contentPreview(version: ArtifactVersion): Promise<HTMLElement> {
  const content = version.content;
  if (!content)
    return h('p', { class: 'muted' }, 'This version has no content (its evidence is its attributes).');
  if (!content.blobKey)
    return h(
      'p',
      { class: 'muted' },
      'The content of this version was not kept, so there is nothing to preview.',
    );
  const path = `/v1/artifacts/${keySegment(version.key)}/versions/${version.version}/content`;
  const name = (version.url ?? version.externalId).split('/').pop() || 'evidence';
  const response = await apiFetch(path, { headers: { accept: content.mediaType } });
  if (!response.ok) {
    const message =
      response.status === 404 || response.status === 501
        ? 'The server does not hold the content of this version, so there is nothing to preview.'
        : `The content could not be read (HTTP ${response.status}).`;
    return h('p', { class: 'muted' }, message);
  }
  const blob = await response.blob();
  const save = downloadButton(`Download ${name} (${bytes(blob.size)})`, async () => saveBlob(blob, name));
  if (!(isMarkdown(content.mediaType, version.url) || isJson(content.mediaType) || isText(content.mediaType)))
    return h(
      'div',
      {},
      h('p', { class: 'muted' }, `${content.mediaType}, ${bytes(blob.size)}: no preview.`),
      save,
    );
  const text = await blob.slice(0, PREVIEW_LIMIT).text();
  return h(
    'div',
    {},
    save,
    h(
      'div',
      { class: 'preview', 'data-media-type': content.mediaType },
      await body(content.mediaType, version.url, text),
    ),
    blob.size > PREVIEW_LIMIT
      ? h('p', { class: 'muted' }, `Showing the first ${bytes(PREVIEW_LIMIT)}.`)
      : null,
  );
}
