// A loose comparison of two screenshots, done in the browser (canvas): both are reduced to
// blocks of 20 x 20 pixels and compared by mean luminance. A layout break moves most blocks;
// text that differs (a time, a date) or anti-aliasing moves a few.
import type { Browser } from 'playwright-core';

export interface Comparison {
  width: number;
  height: number;
  blocks: number;
  /** Blocks whose mean luminance differs by more than 24 of 255. */
  differing: number;
  sameSize: boolean;
}

export async function compareScreenshots(
  browser: Browser,
  actual: Buffer,
  reference: Buffer,
): Promise<Comparison> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      `(async ([a, b]) => {
        const load = (b64) => new Promise((resolve, reject) => {
          const img = new Image(); img.onload = () => resolve(img); img.onerror = reject;
          img.src = 'data:image/png;base64,' + b64;
        });
        const [x, y] = await Promise.all([load(a), load(b)]);
        const size = 20, cols = Math.ceil(x.width / size), rows = Math.ceil(x.height / size);
        const lum = (img) => {
          const canvas = document.createElement('canvas');
          canvas.width = x.width; canvas.height = x.height;
          const g = canvas.getContext('2d');
          g.drawImage(img, 0, 0, x.width, x.height);
          const data = g.getImageData(0, 0, x.width, x.height).data;
          const sums = new Float64Array(cols * rows), counts = new Float64Array(cols * rows);
          for (let py = 0; py < x.height; py++) for (let px = 0; px < x.width; px++) {
            const i = (py * x.width + px) * 4, block = Math.floor(py / size) * cols + Math.floor(px / size);
            sums[block] += 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2]; counts[block]++;
          }
          return sums.map((s, i) => s / counts[i]);
        };
        const la = lum(x), lb = lum(y);
        let differing = 0;
        for (let i = 0; i < la.length; i++) if (Math.abs(la[i] - lb[i]) > 24) differing++;
        return { width: x.width, height: x.height, blocks: la.length, differing, sameSize: x.width === y.width && x.height === y.height };
      })(${JSON.stringify([actual.toString('base64'), reference.toString('base64')])})`,
    );
  } finally {
    await page.close();
  }
}
