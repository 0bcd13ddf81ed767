// The vendored libraries, loaded only by the pages that use them, from this server.
import type markdownIt from 'markdown-it';
import type { MarkdownIt } from 'markdown-it';
import type uPlotType from 'uplot';

const base = new URL('../vendor/', import.meta.url);
const loaded = new Map<string, Promise<void>>();

function once(key: string, load: () => Promise<void>): Promise<void> {
  let promise = loaded.get(key);
  if (!promise) {
    promise = load();
    loaded.set(key, promise);
  }
  return promise;
}

function script(file: string): Promise<void> {
  return once(
    file,
    () =>
      new Promise((resolve, reject) => {
        const element = document.createElement('script');
        element.src = new URL(file, base).href;
        element.onload = () => resolve();
        element.onerror = () => reject(new Error(`could not load ${file}`));
        document.head.append(element);
      }),
  );
}

function stylesheet(file: string): Promise<void> {
  return once(
    file,
    () =>
      new Promise((resolve, reject) => {
        const element = document.createElement('link');
        element.rel = 'stylesheet';
        element.href = new URL(file, base).href;
        element.onload = () => resolve();
        element.onerror = () => reject(new Error(`could not load ${file}`));
        document.head.append(element);
      }),
  );
}

/** uPlot (https://github.com/leeoniya/uPlot), from its npm package. */
export async function loadUPlot(): Promise<typeof uPlotType> {
  await Promise.all([script('uplot.js'), stylesheet('uplot.css')]);
  return (window as unknown as { uPlot: typeof uPlotType }).uPlot;
}

/** markdown-it's browser build (an ES module), raw HTML off: it parses, our code builds the DOM. */
export async function loadMarkdown(): Promise<MarkdownIt> {
  const module = (await import(new URL('markdown-it.js', base).href)) as { default: typeof markdownIt };
  return module.default({ html: false, linkify: false, typographer: false });
}
