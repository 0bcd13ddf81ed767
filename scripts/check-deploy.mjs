#!/usr/bin/env node
// `npm run check:deploy`: renders the Helm chart (infra/deploy/chart) with `helm template`, with
// its default values and with every optional part switched on, and validates every manifest with
// kubeconform against the Kubernetes schemas (strict). Exits non-zero on any invalid manifest.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureKubernetesSchemas } from './deploy/k8s-schemas.mjs';
import { ensureTool } from './deploy/tools.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const home = join(root, '.services');
const chart = join(root, 'infra', 'deploy', 'chart');
const out = join(home, 'deploy');
const log = (text) => process.stderr.write(`[check:deploy] ${text}\n`);
mkdirSync(out, { recursive: true });

const helm = ensureTool('helm', home, log);
const kubeconform = ensureTool('kubeconform', home, log);
const schemas = ensureKubernetesSchemas(join(home, 'tools', 'k8s-schemas'), log);

const variants = {
  defaults: [],
  everything: [
    '--set',
    'secrets.signingKeySecret=aims-signing-key',
    '--set',
    'secrets.connectorEnv[0].name=ACME_GITHUB_TOKEN',
    '--set',
    'secrets.connectorEnv[0].key=github-token',
    '--set',
    'services.scorer.replicas=2',
    '--set',
    'config.topicPrefix=staging',
  ],
};
let failed = false;
for (const [name, args] of Object.entries(variants)) {
  let manifests;
  try {
    execFileSync(helm, ['lint', chart, '--kube-version', '1.33.0', ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    manifests = execFileSync(
      helm,
      ['template', 'aims', chart, '--namespace', 'aims', '--kube-version', '1.33.0', ...args],
      { encoding: 'utf8' },
    );
  } catch (error) {
    log(`helm could not render the chart (${name}): ${error.message}`);
    process.exit(1);
  }
  const file = join(out, `${name}.yaml`);
  writeFileSync(file, manifests);
  try {
    const report = execFileSync(
      kubeconform,
      [
        '-strict',
        '-summary',
        '-output',
        'text',
        '-kubernetes-version',
        '1.33.0',
        '-schema-location',
        schemas,
        file,
      ],
      { encoding: 'utf8' },
    );
    process.stdout.write(`${name}: ${report.trim().split('\n').at(-1)}\n`);
  } catch (error) {
    failed = true;
    process.stdout.write(`${name}: INVALID\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}
process.exit(failed ? 1 : 0);
