#!/usr/bin/env node
// The test rig: provisions and starts, on loopback, the real services the product talks to.
//   node scripts/services.mjs up [name...]      start (idempotent) and wait until each answers
//   node scripts/services.mjs down [name...]    stop what the rig started
//   node scripts/services.mjs restart <name>    stop and start one service
//   node scripts/services.mjs status            one line per service
// A service whose environment variable is already set (KAFKA_BROKERS, REDIS_URL, DATABASE_URL,
// S3_ENDPOINT, MLFLOW_TRACKING_URI, OSCAL_SCHEMA_PATH, TRESTLE_PYTHON, CHROMIUM_PATH) is used as
// given: the rig starts nothing for it. Three entries are offline tools rather than servers: NIST's
// OSCAL schema and the trestle/bagit virtualenv (scripts/rig/oscal.mjs), and Debian's chromium for
// the browser tests (scripts/rig/chromium.mjs); their "endpoints" are paths.
// Logs: .services/logs/<name>.log. Endpoints for tests: .services/env.json.
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from './rig/chromium.mjs';
import { kafka } from './rig/kafka.mjs';
import { alive, dir, home, log, RigError, readPid, sleep, waitFor } from './rig/lib.mjs';
import { oscal, trestle } from './rig/oscal.mjs';
import { postgres } from './rig/postgres.mjs';
import { mlflow, s3 } from './rig/python.mjs';
import { redis } from './rig/redis.mjs';

const all = [redis, postgres, kafka, s3, mlflow, trestle, oscal, chromium];
const envFile = join(home, 'env.json');

function pick(names) {
  if (names.length === 0) return all;
  return names.map((n) => {
    const s = all.find((x) => x.name === n);
    if (!s) throw new RigError(`unknown service '${n}'; known: ${all.map((x) => x.name).join(', ')}`);
    return s;
  });
}

async function withLock(fn) {
  const lock = join(dir(), 'rig.lock');
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lock, 'utf8').trim() || '0');
      if (!alive(holder)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new RigError(`another rig run (pid ${holder}) holds ${lock} for too long`);
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

async function answers(service, url) {
  try {
    await service.probe(url);
    return true;
  } catch {
    return false;
  }
}

function readEnv() {
  try {
    return JSON.parse(readFileSync(envFile, 'utf8'));
  } catch {
    return {};
  }
}

async function up(services, { managed = false } = {}) {
  const env = readEnv();
  const plan = [];
  for (const service of services) {
    const given = managed ? undefined : process.env[service.envVar];
    if (given) {
      log(service.name, `using ${service.envVar} from the environment`);
      plan.push({ service, url: given, start: false });
    } else if (await answers(service, service.url)) {
      log(service.name, `already ${service.tool ? 'provisioned' : 'running'} at ${service.url}`);
      plan.push({ service, url: service.url, start: false });
    } else {
      plan.push({ service, url: service.url, start: true });
    }
  }
  // Installing blocks; every start-up deadline begins only after all installs are done.
  for (const step of plan) if (step.start) step.service.provision();
  for (const step of plan) {
    if (!step.start) continue;
    step.pid = step.service.start();
    // A tool (no process) is ready once provisioned; the probe below still checks it.
    if (step.pid !== undefined) log(step.service.name, `started (pid ${step.pid}), waiting for it to answer`);
  }
  const results = await Promise.allSettled(
    plan.map((step) =>
      waitFor(step.service.name, () => step.service.probe(step.url), {
        timeoutMs: step.service.startTimeoutMs,
        pid: step.pid,
      }),
    ),
  );
  const failed = results.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
  if (failed.length > 0) throw new RigError(failed.join('\n'));
  for (const step of plan) env[step.service.envVar] = step.url;
  writeFileSync(envFile, `${JSON.stringify(env, null, 2)}\n`);
  log('rig', `ready: ${services.map((s) => s.name).join(', ')} (endpoints in ${envFile})`);
}

async function down(services) {
  for (const service of services) {
    const stopped = await service.stop();
    log(service.name, service.tool ? 'a tool: nothing to stop' : stopped ? 'stopped' : 'was not running');
  }
}

async function status(services) {
  const env = readEnv();
  for (const service of services) {
    const url = process.env[service.envVar] ?? env[service.envVar] ?? service.url;
    const pid = readPid(service.name);
    const ok = await answers(service, url);
    console.log(
      `${service.name.padEnd(9)} ${ok ? 'up  ' : 'down'} ${url}${alive(pid) ? ` (pid ${pid})` : ''}`,
    );
  }
}

const [command, ...names] = process.argv.slice(2);
try {
  switch (command) {
    case 'up':
      await withLock(() => up(pick(names)));
      break;
    case 'down':
      await withLock(() => down(pick(names)));
      break;
    case 'restart': {
      if (names.length !== 1) throw new RigError('restart takes one service name');
      const services = pick(names);
      const [service] = services;
      const given = process.env[service.envVar];
      // Tests see the rig's own endpoints in these variables; anything else is not the rig's to restart.
      if (given && given !== service.url) {
        throw new RigError(
          `${service.name} is given by ${service.envVar}=${given}; the rig only restarts what it started`,
        );
      }
      await withLock(async () => {
        await down(services);
        await up(services, { managed: true });
      });
      break;
    }
    case 'status':
      await status(pick(names));
      break;
    default:
      throw new RigError('usage: node scripts/services.mjs up|down|status [name...] | restart <name>');
  }
} catch (err) {
  console.error(`[rig] error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
