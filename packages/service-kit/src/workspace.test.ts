import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from './workspace.js';

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'aims-workspace-'));
  mkdirSync(join(dir, 'overlays'));
  writeFileSync(join(dir, 'overlays', 'b-soa.yaml'), 'overlay: b\n');
  writeFileSync(join(dir, 'overlays', 'a-org.yml'), 'overlay: a\n');
  writeFileSync(join(dir, 'overlays', 'notes.md'), '# not an overlay\n');
  writeFileSync(
    join(dir, 'aims.yaml'),
    [
      'workspace: acme',
      'connectors:',
      '  - instance: policies',
      '    connector: local-folder',
      '    config:',
      '      roots:',
      '        - path: evidence',
      '        - path: /srv/shared/evidence',
      '  - instance: acme-github',
      '    connector: github',
      '    config: { org: acme, tokenEnv: ACME_GITHUB_TOKEN, path: relative-but-not-a-root }',
    ].join('\n'),
  );
  return dir;
}

describe('loadWorkspace', () => {
  it('resolves local-folder roots against the config file folder, wherever the process runs', async () => {
    const dir = workspace();
    // A relative config path, as a service given AIMS_CONFIG=aims.yaml in another working directory.
    const { config, dir: base } = await loadWorkspace(relative(process.cwd(), join(dir, 'aims.yaml')));
    expect(base).toBe(dir);
    const [policies, github] = config.connectors;
    expect(policies?.config.roots).toEqual([
      { path: join(dir, 'evidence') },
      { path: '/srv/shared/evidence' },
    ]);
    // Only the fields that are paths: other connectors' config is left as written.
    expect(github?.config).toEqual({
      org: 'acme',
      tokenEnv: 'ACME_GITHUB_TOKEN',
      path: 'relative-but-not-a-root',
    });
  });

  it("takes the overlays given, else every YAML file of the workspace's overlays/ folder", async () => {
    const dir = workspace();
    const found = await loadWorkspace(join(dir, 'aims.yaml'));
    expect(found.overlays).toEqual([join(dir, 'overlays', 'a-org.yml'), join(dir, 'overlays', 'b-soa.yaml')]);
    const given = await loadWorkspace(join(dir, 'aims.yaml'), { overlays: ['/etc/aims/soa.yaml'] });
    expect(given.overlays).toEqual(['/etc/aims/soa.yaml']);
    const bare = mkdtempSync(join(tmpdir(), 'aims-bare-'));
    writeFileSync(join(bare, 'aims.yaml'), 'workspace: acme\n');
    expect((await loadWorkspace(join(bare, 'aims.yaml'))).overlays).toEqual([]);
  });
});
