// `npm run -s env:reference`: writes infra/deploy/ENV.md from the services' zod env schemas, one
// table per service. `--check` exits 1 when the file is out of date (check:deploy runs it);
// `--json` prints every service's variables for the chart check of check:deploy.
// Run with tsx and the `source` condition, so the schemas are read from the TypeScript sources.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evidenceApiEnvSchema } from '@aims/service-evidence-api/env';
import { exporterEnvSchema } from '@aims/service-exporter/env';
import { harvesterEnvSchema } from '@aims/service-harvester/env';
import {
  type EnvReferenceEntry,
  envReferenceMarkdown,
  envVariables,
  migrateEnvSchema,
} from '@aims/service-kit';
import { normaliserEnvSchema } from '@aims/service-normaliser/env';
import { schedulerEnvSchema } from '@aims/service-scheduler/env';
import { scorerEnvSchema } from '@aims/service-scorer/env';
import { gatewayEnvSchema } from '@aims/service-webhook-gateway/env';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const file = join(root, 'infra', 'deploy', 'ENV.md');

/** Every process the chart runs, by the name of its Deployment's component (the Job: migrate). */
const entries: EnvReferenceEntry[] = [
  {
    service: 'scheduler',
    command: 'node services/scheduler/dist/main.js',
    summary: 'keeps one BullMQ job scheduler per scheduled connector instance.',
    schema: schedulerEnvSchema,
  },
  {
    service: 'harvester',
    command: 'node services/harvester/dist/main.js',
    summary:
      'runs harvest jobs from the instances’ BullMQ queues, publishes raw evidence to Kafka and stores its content in the blob store; with `tickets.jira` in the workspace config it also schedules and runs the gap sync to Jira. Connector secrets and the Jira credentials are read from the variables the workspace config names (`tokenEnv: ACME_GITHUB_TOKEN`, `apiTokenEnv: AIMS_JIRA_API_TOKEN`; the chart’s `secrets.connectorEnv`).',
    schema: harvesterEnvSchema,
  },
  {
    service: 'webhook-gateway',
    command: 'node services/webhook-gateway/dist/main.js',
    summary:
      'verifies GitHub and Jira webhooks and publishes their records; webhook secrets are read from the variables the workspace config names (`webhookSecretEnv`).',
    schema: gatewayEnvSchema,
  },
  {
    service: 'normaliser',
    command: 'node services/normaliser/dist/main.js',
    summary: 'turns raw evidence into catalogued artifact versions.',
    schema: normaliserEnvSchema,
  },
  {
    service: 'scorer',
    command: 'node services/scorer/dist/main.js',
    summary: 'keeps control scores and gaps current (run one instance).',
    schema: scorerEnvSchema,
  },
  {
    service: 'evidence-api',
    command: 'node services/evidence-api/dist/main.js',
    summary:
      'the evidence API and dashboard over PostgreSQL and S3, for every workspace of AIMS_CONFIG; harvest triggers and exports go to BullMQ.',
    schema: evidenceApiEnvSchema,
  },
  {
    service: 'exporter',
    command: 'node services/exporter/dist/main.js',
    summary: 'builds the export bundles the evidence API queues, for every workspace of AIMS_CONFIG.',
    schema: exporterEnvSchema,
  },
  {
    service: 'migrate',
    command: 'node packages/cli/bin/aims.js migrate',
    summary:
      'the migration Job (a Helm pre-install and pre-upgrade hook): applies pending catalogue migrations, which every service waits for.',
    schema: migrateEnvSchema,
  },
];

const INTRO = `# Environment variables

Generated from the services' zod schemas by \`npm run -s env:reference\`; do not edit by hand
(\`npm run check:deploy\` fails when this file is out of date, and when the Helm chart sets a
variable a service does not know or leaves out one it requires).

Every service parses its environment once at start: a missing or malformed variable stops it
with exit code 1 and a message naming every bad variable, never a value. An empty variable counts
as unset (Helm writes \`""\` for values left out). Variables marked *secret* hold credentials: the
chart sets them only from a Secret (\`secrets.existingSecret\`), and they are never logged. A
variable that is *optional* and has no default may still be required together with another one;
its description says when.

Every service answers \`GET /healthz\`, \`GET /readyz\` (503 naming the dependency that does not
answer, or \`starting\` / \`draining\`) and \`GET /metrics\` (Prometheus) on \`HEALTH_PORT\`.`;

const markdown = envReferenceMarkdown(entries, INTRO);
const args = new Set(process.argv.slice(2));
if (args.has('--json')) {
  const current = (() => {
    try {
      return readFileSync(file, 'utf8') === markdown;
    } catch {
      return false;
    }
  })();
  const services = Object.fromEntries(entries.map((entry) => [entry.service, envVariables(entry.schema)]));
  process.stdout.write(`${JSON.stringify({ file, current, services })}\n`);
} else if (args.has('--check')) {
  let written = '';
  try {
    written = readFileSync(file, 'utf8');
  } catch {
    // Reported below as out of date.
  }
  if (written !== markdown) {
    process.stderr.write(
      'infra/deploy/ENV.md is out of date with the services’ env schemas: run `npm run -s env:reference`\n',
    );
    process.exit(1);
  }
  process.stdout.write('infra/deploy/ENV.md is up to date\n');
} else {
  writeFileSync(file, markdown);
  process.stdout.write(`wrote ${file} (${entries.length} services)\n`);
}
