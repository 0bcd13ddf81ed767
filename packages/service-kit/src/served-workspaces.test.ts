import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@aims/config';
import { describe, expect, it } from 'vitest';
import { loadServedWorkspaces } from './served-workspaces.js';

function workspace(root: string, name: string, id = name): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'overlays'), { recursive: true });
  writeFileSync(join(dir, 'aims.yaml'), `workspace: ${id}\n`);
  return join(dir, 'aims.yaml');
}

describe('loadServedWorkspaces', () => {
  it('reads each workspace of the list with its own library', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aims-served-'));
    const served = await loadServedWorkspaces([workspace(root, 'acme'), workspace(root, 'beta')]);
    expect(served.map((s) => s.config.workspace)).toEqual(['acme', 'beta']);
    expect(served[0]?.library.controls.length).toBeGreaterThan(0);
  });

  it('refuses two files of one workspace, naming both', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aims-served-'));
    const first = workspace(root, 'one', 'acme');
    const second = workspace(root, 'two', 'acme');
    const error = await loadServedWorkspaces([first, second]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(second);
    expect((error as Error).message).toContain(`also the workspace of ${first}`);
  });
});
