// Shared helpers of the test rig: folders, process control, deadlines, installers.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const home = join(root, '.services');
export const logs = join(home, 'logs');

export class RigError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'RigError';
  }
}

/**
 * A rig port: its default plus AIMS_RIG_PORT_OFFSET, so a second checkout on the same machine
 * can run its own rig beside the first (AIMS_RIG_PORT_OFFSET=100 npm test).
 */
export function rigPort(base) {
  const raw = process.env.AIMS_RIG_PORT_OFFSET ?? '0';
  const offset = Number(raw);
  if (!Number.isInteger(offset) || offset < 0 || offset > 10_000) {
    throw new RigError(`AIMS_RIG_PORT_OFFSET must be a whole number from 0 to 10000 (got "${raw}")`);
  }
  return base + offset;
}

export function dir(...parts) {
  const p = join(home, ...parts);
  mkdirSync(p, { recursive: true });
  return p;
}

export function log(service, message) {
  process.stderr.write(`[rig] ${service}: ${message}\n`);
}

/** Runs a command to completion with a deadline; output goes to a log file. */
export function run(cmd, args, { timeoutMs, logName, cwd = root, env } = {}) {
  dir('logs');
  const out = openSync(join(logs, `${logName ?? 'install'}.log`), 'a');
  try {
    const r = spawnSync(cmd, args, {
      cwd,
      stdio: ['ignore', out, out],
      timeout: timeoutMs,
      env: env ?? process.env,
    });
    if (r.error)
      throw new RigError(`${cmd} ${args.join(' ')} could not run: ${r.error.message}`, { cause: r.error });
    if (r.status !== 0) {
      throw new RigError(
        `${cmd} ${args.slice(0, 4).join(' ')} failed (exit ${r.status ?? r.signal}); see ${join(logs, `${logName ?? 'install'}.log`)}`,
      );
    }
  } finally {
    closeSync(out);
  }
}

export function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

let aptUpdated = false;
/** Installs Debian packages; stops at once when apt is not there. Callers check what is missing first. */
export function aptInstall(service, packages) {
  if (!which('apt-get'))
    throw new RigError(`${service} needs ${packages.join(' ')} and apt-get is not available to install it`);
  if (process.getuid?.() !== 0 && !which('sudo')) {
    throw new RigError(`${service} needs ${packages.join(' ')}: install it (apt-get needs root)`);
  }
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(service, `installing ${packages.join(' ')} with apt-get`);
  if (!aptUpdated) {
    run(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'update', '-qq'], {
      timeoutMs: 300_000,
      logName: 'apt',
      env,
    });
    aptUpdated = true;
  }
  run(
    sudo[0] ?? 'apt-get',
    [
      ...sudo.slice(1),
      ...(sudo.length ? ['apt-get'] : []),
      'install',
      '-y',
      '-qq',
      '--no-install-recommends',
      ...packages,
    ],
    {
      timeoutMs: 600_000,
      logName: 'apt',
      env,
    },
  );
}

/** Starts a long-running process detached from the rig, logging to .services/logs/<name>.log. */
export function startDetached(name, cmd, args, { cwd = root, env } = {}) {
  dir('logs');
  const out = openSync(join(logs, `${name}.log`), 'a');
  const child = spawn(cmd, args, {
    cwd,
    detached: true,
    stdio: ['ignore', out, out],
    env: env ?? process.env,
  });
  closeSync(out);
  child.unref();
  writeFileSync(pidFile(name), String(child.pid));
  return child.pid;
}

export const pidFile = (name) => join(dir('run'), `${name}.pid`);

export function readPid(name) {
  try {
    const pid = Number(readFileSync(pidFile(name), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function alive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the process group started for a service and waits for it to exit. */
export async function stopDetached(name, { signal = 'SIGTERM', timeoutMs = 30_000 } = {}) {
  const pid = readPid(name);
  if (!alive(pid)) {
    rmSync(pidFile(name), { force: true });
    return false;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    process.kill(pid, signal);
  }
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await sleep(200);
  if (alive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      process.kill(pid, 'SIGKILL');
    }
  }
  rmSync(pidFile(name), { force: true });
  return true;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls a readiness probe until it succeeds or the deadline passes. */
export async function waitFor(service, probe, { timeoutMs, pid, logName }) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (pid && !alive(pid)) {
      throw new RigError(`${service} exited during start-up; see ${join(logs, `${logName ?? service}.log`)}`);
    }
    try {
      await probe();
      return;
    } catch (err) {
      last = err;
    }
    await sleep(500);
  }
  throw new RigError(
    `${service} did not answer within ${timeoutMs / 1000}s (${last?.message ?? 'no answer'}); see ${join(logs, `${logName ?? service}.log`)}`,
  );
}

/** One request/response over a raw TCP socket, with a deadline. */
export function tcpExchange(port, payload, { host = '127.0.0.1', timeoutMs = 2000, until }) {
  return new Promise((res, rej) => {
    const socket = net.connect({ host, port });
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      rej(new Error(`no answer on port ${port}`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      if (until(data)) {
        clearTimeout(timer);
        socket.destroy();
        res(data);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      rej(err);
    });
  });
}

export async function httpOk(url, init) {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(3000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res;
}

export function fileExists(p) {
  return existsSync(p);
}
