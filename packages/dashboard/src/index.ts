import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Where the dashboard's files are, for the server that serves them (@aims/api). The same depth
// from src/ (tests, tsx) and dist/ (the build).
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const require = createRequire(import.meta.url);
const uplotDir = dirname(require.resolve('uplot'));
const markdownItDir = join(dirname(require.resolve('markdown-it')), 'browser');

/** The page every dashboard URL answers with; `%ASSETS%` stands for the versioned asset prefix. */
export const SHELL_FILE = here('../public/index.html');

/** Asset folders by the first segment of their URL under the asset prefix. */
export const ASSET_DIRS: Readonly<Record<string, string>> = {
  /** The compiled client (client/ built by tsc). */
  app: here('../dist/client'),
  /** Stylesheets and icons. */
  static: here('../public/static'),
};

/** The two vendored libraries, served from their npm packages (no CDN). */
export const VENDOR_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  'uplot.js': { file: join(uplotDir, 'uPlot.iife.min.js'), type: 'text/javascript' },
  'uplot.css': { file: join(uplotDir, 'uPlot.min.css'), type: 'text/css' },
  'markdown-it.js': { file: join(markdownItDir, 'markdown-it.esm.min.mjs'), type: 'text/javascript' },
};

function* filesUnder(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (!entry.name.endsWith('.tsbuildinfo')) yield path;
  }
}

/**
 * A short hash of every asset's bytes: the asset URLs carry it, so browsers may cache them for
 * good and a new build is fetched at once.
 */
export function assetVersion(): string {
  const hash = createHash('sha256');
  const files = [
    ...Object.values(ASSET_DIRS).flatMap((dir) => [...filesUnder(dir)]),
    ...Object.values(VENDOR_FILES).map((entry) => entry.file),
  ];
  for (const file of files) {
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) continue;
    hash.update(file).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 12);
}
