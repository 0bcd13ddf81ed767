// Helm and kubeconform, installed into .services/tools/bin through the Go module proxy (`go
// install`, pinned versions) when they are missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const TOOLS = {
  helm: 'helm.sh/helm/v3/cmd/helm@v3.22.0',
  kubeconform: 'github.com/yannh/kubeconform/cmd/kubeconform@v0.8.0',
};

/** Path of a tool, installed on first use. */
export function ensureTool(name, home, log = () => {}) {
  const bin = join(home, 'tools', 'bin');
  const path = join(bin, name);
  if (existsSync(path)) return path;
  mkdirSync(bin, { recursive: true });
  log(`installing ${name} (${TOOLS[name]}) with go install`);
  try {
    execFileSync('go', ['install', TOOLS[name]], { stdio: 'inherit', env: { ...process.env, GOBIN: bin } });
  } catch (error) {
    throw new Error(`could not install ${name} with go install ${TOOLS[name]}: ${error.message}`);
  }
  return path;
}
