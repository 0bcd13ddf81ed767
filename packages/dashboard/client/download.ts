// Downloads that need the API key: fetched with the header, then saved from a blob URL, so the
// key never goes into a link.
import { apiFetch, errorOf } from './api.js';

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const nameFrom = (response: Response, fallback: string): string =>
  /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallback;

/** GETs `path` with `accept` and saves the answer as a file. */
export async function download(path: string, fallbackName: string, accept = '*/*'): Promise<void> {
  const response = await apiFetch(path, { headers: { accept } });
  if (!response.ok) throw await errorOf(response);
  saveBlob(await response.blob(), nameFrom(response, fallbackName));
}

/** A button that runs a download and reports a failure next to itself. */
export function downloadButton(label: string, run: () => Promise<void>): HTMLElement {
  const status = document.createElement('span');
  status.setAttribute('role', 'status');
  status.className = 'muted';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = 'Downloading…';
    try {
      await run();
      status.textContent = 'Downloaded.';
    } catch (error) {
      status.textContent = `Download failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      button.disabled = false;
    }
  });
  const wrap = document.createElement('span');
  wrap.className = 'download';
  wrap.append(button, ' ', status);
  return wrap;
}
