import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources in tests, so a test run needs no build.
function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  const roots = ['packages', 'packages/connectors', 'services'];
  for (const root of roots) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const manifest = join(root, entry.name, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name?: string;
        exports?: Record<string, { source?: string } | string>;
      };
      if (!pkg.name || !pkg.exports) continue;
      for (const [subpath, target] of Object.entries(pkg.exports)) {
        if (typeof target === 'string' || !target.source) continue;
        const spec = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`;
        aliases[spec] = resolve(root, entry.name, target.source);
      }
    }
  }
  return aliases;
}

const alias = Object.entries(workspaceAliases())
  .sort(([a], [b]) => b.length - a.length)
  .map(([find, replacement]) => ({
    find: new RegExp(`^${find.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
    replacement,
  }));

const shared = { resolve: { alias } };
const exclude = ['**/node_modules/**', '**/dist/**', '.services/**'];

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['packages/**/*.test.ts', 'services/**/*.test.ts', 'test/library/**/*.test.ts'],
          exclude: [...exclude, '**/*.int.test.ts', '**/*.browser.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude,
          globalSetup: ['test/setup/services-env.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One file at a time: some files restart a shared service (Kafka) mid-test.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        ...shared,
        test: {
          name: 'browser',
          include: ['**/*.browser.test.ts'],
          exclude,
          globalSetup: ['test/setup/browser.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // One Chromium and one mesh at a time on a small machine.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
