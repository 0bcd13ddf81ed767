#!/usr/bin/env node
// `npm run check:deploy`: checks infra/deploy against the services.
// 1. infra/deploy/ENV.md is what the services' zod env schemas generate (`npm run -s env:reference`).
// 2. The Helm chart (infra/deploy/chart) renders with `helm template`, with its default values and
//    with every optional part switched on, and every manifest is valid for kubeconform against the
//    Kubernetes schemas (strict).
// 3. Every variable the chart gives a service is one its schema knows, secrets come from Secrets,
//    and every variable a service requires is set (scripts/deploy/chart-env.mjs).
// Exits non-zero on any problem; the last line says how many resources are valid.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { checkChartEnv } from './deploy/chart-env.mjs';
import { ensureKubernetesSchemas } from './deploy/k8s-schemas.mjs';
import { ensureTool } from './deploy/tools.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const home = join(root, '.services');
const chart = join(root, 'infra', 'deploy', 'chart');
const out = join(home, 'deploy');
const log = (text) => process.stderr.write(`[check:deploy] ${text}\n`);
mkdirSync(out, { recursive: true });

// The services' variables, from their schemas (TypeScript sources, through tsx).
let reference;
try {
  reference = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=source',
        join(root, 'scripts', 'deploy', 'env-reference.ts'),
        '--json',
      ],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  );
} catch (error) {
  log(`could not read the services' env schemas: ${error.message}`);
  process.exit(1);
}
let failed = false;
if (!reference.current) {
  failed = true;
  log('infra/deploy/ENV.md is out of date with the services’ env schemas: run `npm run -s env:reference`');
}

const helm = ensureTool('helm', home, log);
const kubeconform = ensureTool('kubeconform', home, log);
const schemas = ensureKubernetesSchemas(join(home, 'tools', 'k8s-schemas'), log);

const variants = {
  defaults: { args: [], connectorEnv: [] },
  everything: {
    args: [
      '--set',
      'secrets.signingKeySecret=aims-signing-key',
      '--set',
      'secrets.connectorEnv[0].name=ACME_GITHUB_TOKEN',
      '--set',
      'secrets.connectorEnv[0].key=github-token',
      '--set',
      'services.scorer.replicas=2',
      '--set',
      'services.exporter.replicas=2',
      '--set',
      'config.topicPrefix=staging',
      '--set',
      'config.kafkaSaslMechanism=scram-sha-512',
      '--set-string',
      'services.evidence-api.env.TRUST_PROXY=1',
    ],
    connectorEnv: ['ACME_GITHUB_TOKEN'],
  },
};
let found = 0;
let valid = 0;
for (const [name, { args, connectorEnv }] of Object.entries(variants)) {
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
  let report;
  try {
    report = execFileSync(
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
  } catch (error) {
    failed = true;
    report = `${error.stdout ?? ''}`;
    process.stdout.write(`${name}: INVALID\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
  const summary = /(\d+) resources found.*Valid: (\d+)/.exec(report);
  if (summary) {
    found += Number(summary[1]);
    valid += Number(summary[2]);
  }
  const docs = parseAllDocuments(manifests)
    .map((doc) => doc.toJS())
    .filter(Boolean);
  const { problems, checked } = checkChartEnv(docs, reference.services, { connectorEnv });
  for (const problem of problems) log(`${name}: ${problem}`);
  if (problems.length > 0) failed = true;
  process.stdout.write(
    `${name}: ${summary ? `${summary[2]}/${summary[1]} resources valid` : 'no kubeconform summary'}; env of ${checked} containers ${problems.length === 0 ? 'matches the services’ schemas' : `has ${problems.length} problems`}\n`,
  );
}
process.stdout.write(
  `${failed ? 'FAILED: ' : ''}${valid}/${found} resources valid; ENV.md ${reference.current ? 'up to date' : 'OUT OF DATE'}\n`,
);
process.exit(failed ? 1 : 0);
