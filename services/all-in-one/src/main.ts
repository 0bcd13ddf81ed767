import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, EnvError, runService } from '@aims/service-kit';
import { pino } from 'pino';
import { type AllInOneEnv, loadAllInOneEnv } from './env.js';
import { startMesh } from './mesh.js';
import { formatSummary } from './summary.js';

// The mesh targets Node 24 (see .nvmrc); `npm start` fetches it when the system Node is older.
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 24) {
  process.stderr.write(
    `The evidence mesh needs Node.js 24 or newer; this is Node.js ${process.versions.node}. Run \`npm start\`, which fetches Node 24 from the npm registry, or install Node.js 24.\n`,
  );
  process.exit(1);
}
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
let env: AllInOneEnv;
try {
  env = loadAllInOneEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
// Only the key's hash is kept: the raw key leaves the environment, so child processes and
// diagnostics never see it.
const apiKey = env.AIMS_API_KEY;
delete process.env.AIMS_API_KEY;

const dataDir = env.AIMS_DATA_DIR ?? join(env.AIMS_WORKSPACE, '.aims');
// The terminal shows what a person reads; the JSON log lines go to a file unless asked for.
const logFile = env.LOG_FORMAT === 'json' ? undefined : join(dataDir, 'logs', 'mesh.log');
if (logFile) mkdirSync(join(dataDir, 'logs'), { recursive: true });
const logger = createLogger('all-in-one', {
  level: env.LOG_LEVEL,
  ...(logFile ? { destination: pino.destination({ dest: logFile, append: true, sync: true }) } : {}),
});
// The signing key: the file named, else one `aims keys init --out <data>/keys` left in the data folder.
const keyFile = env.AIMS_SIGNING_KEY_FILE ?? join(dataDir, 'keys', 'signing-key.pem');
let signingKey: string | undefined;
if (env.AIMS_SIGNING_KEY_FILE !== undefined || existsSync(keyFile)) {
  try {
    signingKey = readFileSync(keyFile, 'utf8');
  } catch (error) {
    process.stderr.write(`AIMS_SIGNING_KEY_FILE ${keyFile} cannot be read: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
const say = (text: string) => {
  if (logFile) process.stdout.write(text);
};

const loopback = ['127.0.0.1', '::1', 'localhost'].includes(env.HOST);

await runService(logger, async () => {
  say(`Starting AIMS Evidence Mesh over ${env.AIMS_WORKSPACE}${logFile ? ` (log: ${logFile})` : ''}...\n`);
  const mesh = await startMesh({
    workspaceDir: env.AIMS_WORKSPACE,
    ...(env.AIMS_CONFIG ? { configFile: env.AIMS_CONFIG } : {}),
    dataDir,
    ...(env.CONTROL_LIBRARY ? { libraryFile: env.CONTROL_LIBRARY } : {}),
    ...(env.CONTROL_OVERLAYS.length > 0 ? { overlays: env.CONTROL_OVERLAYS } : {}),
    ...(apiKey ? { apiKey } : {}),
    ...(signingKey ? { signingKey } : {}),
    port: env.PORT,
    host: env.HOST,
    secrets: process.env,
    version,
    logger,
  });
  logger.info({ url: mesh.url, workspace: mesh.config.workspace }, 'evidence API and dashboard listening');
  if (!loopback && !mesh.keysRequired) {
    const warning = 'listening beyond loopback without API keys: the API is open to anyone who can reach it';
    logger.warn({ host: env.HOST }, warning);
    say(`warning: ${warning} (set AIMS_API_KEY or run aims keys create)\n`);
  }
  const banner = `\nAIMS Evidence Mesh (workspace "${mesh.config.workspace}") is running:\n  dashboard  ${mesh.url}/\n  API        ${mesh.url}/v1/controls\n  webhooks   ${mesh.url}/webhooks/{github|jira}/{instance}\n${mesh.keysRequired ? `  API key    required for /v1 (${apiKey ? 'AIMS_API_KEY or ' : ''}keys made with aims keys create)\n` : ''}Press Ctrl+C to stop.\n\n`;
  mesh.firstHarvest.then(
    (summary) => {
      if (logFile) process.stdout.write(`\n${formatSummary(summary)}`);
      process.stdout.write(banner);
    },
    (error: unknown) => {
      logger.error({ err: error }, 'the start-up summary could not be read');
      process.stdout.write(banner);
    },
  );
  return mesh;
});
