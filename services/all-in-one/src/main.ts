import { readFileSync } from 'node:fs';
import { createLogger, EnvError, runService } from '@aims/pipeline';
import { type AllInOneEnv, loadAllInOneEnv } from './env.js';
import { startMesh } from './mesh.js';

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
const logger = createLogger('all-in-one', { level: env.LOG_LEVEL });

const loopback = ['127.0.0.1', '::1', 'localhost'].includes(env.HOST);
if (!loopback && !env.AIMS_API_KEY) {
  logger.warn(
    { host: env.HOST },
    'listening beyond loopback without AIMS_API_KEY: the API is open to anyone who can reach it',
  );
}

await runService(logger, async () => {
  const mesh = await startMesh({
    workspaceDir: env.AIMS_WORKSPACE,
    ...(env.AIMS_CONFIG ? { configFile: env.AIMS_CONFIG } : {}),
    ...(env.AIMS_DATA_DIR ? { dataDir: env.AIMS_DATA_DIR } : {}),
    ...(env.CONTROL_LIBRARY ? { libraryFile: env.CONTROL_LIBRARY } : {}),
    ...(env.CONTROL_OVERLAYS.length > 0 ? { overlays: env.CONTROL_OVERLAYS } : {}),
    ...(env.AIMS_API_KEY ? { apiKey: env.AIMS_API_KEY } : {}),
    port: env.PORT,
    host: env.HOST,
    secrets: process.env,
    version,
    logger,
  });
  logger.info({ url: mesh.url, workspace: mesh.config.workspace }, 'evidence API and dashboard listening');
  process.stdout.write(
    `\nAIMS Evidence Mesh (workspace "${mesh.config.workspace}") is running:\n  dashboard  ${mesh.url}/\n  API        ${mesh.url}/v1/controls\n${env.AIMS_API_KEY ? '  API key    required for /v1 (AIMS_API_KEY)\n' : ''}Press Ctrl+C to stop.\n\n`,
  );
  return mesh;
});
