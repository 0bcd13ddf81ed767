// Support for the end-to-end test: each service as its own OS process (TypeScript sources through
// tsx, no build), its health endpoints and HTTP port read from its own log lines, readiness polled
// on /readyz, consumer-group progress read from Kafka, and a teardown that kills every child.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type SpawnedService, spawnService } from '@aims/service-kit/testing';
import { Kafka, logLevel } from 'kafkajs';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export type ServiceName =
  | 'scheduler'
  | 'harvester'
  | 'webhook-gateway'
  | 'normaliser'
  | 'scorer'
  | 'evidence-api'
  | 'exporter';

/** One started service process. */
export interface ServiceProcess {
  readonly name: ServiceName;
  readonly process: SpawnedService;
  /** http://127.0.0.1:<HEALTH_PORT> */
  readonly health: string;
  /** Whether it has exited (killed, crashed or stopped). */
  exited(): boolean;
  /** A field of the first log line whose `msg` is `message` (the HTTP port of the API, say). */
  logField(message: string, field: string): unknown;
}

/** Every process a test started, so a teardown can kill what is still running even after a failure. */
export class ProcessGroup {
  private readonly all: ServiceProcess[] = [];

  /** Spawns `services/<name>/src/main.ts` with exactly `env` and waits for its health endpoints. */
  async start(name: ServiceName, env: Record<string, string>): Promise<ServiceProcess> {
    const child = spawnService(resolve(ROOT, 'services', name, 'src', 'main.ts'), env);
    let done = false;
    void child.exited.then(() => {
      done = true;
    });
    const handle: ServiceProcess = {
      name,
      process: child,
      health: '',
      exited: () => done,
      logField(message, field) {
        for (const line of child.output().stdout.split('\n')) {
          if (!line.includes(`"msg":"${message}"`)) continue;
          return (JSON.parse(line) as Record<string, unknown>)[field];
        }
        return undefined;
      },
    };
    this.all.push(handle);
    const port = await child.healthPort(120_000);
    Object.assign(handle, { health: `http://127.0.0.1:${port}` });
    return handle;
  }

  /** SIGKILL to every process still running, and wait until each is gone. */
  async killAll(): Promise<void> {
    const running = this.all.filter((p) => !p.exited());
    for (const p of running) p.process.signal('SIGKILL');
    await Promise.all(running.map((p) => p.process.exited));
  }

  /** Writes what each process printed to `<dir>/<n>-<service>.log` (stdout, then stderr). */
  async saveLogs(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    await Promise.all(
      this.all.map((p, i) => {
        const { stdout, stderr } = p.process.output();
        return writeFile(join(dir, `${i + 1}-${p.name}.log`), `${stdout}\n--- stderr\n${stderr}`);
      }),
    );
  }
}

/** Polls GET /readyz until it answers 200 `ready`; fails at once when the process exits. */
export async function waitReady(service: ServiceProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    if (service.exited()) {
      const { stdout, stderr } = service.process.output();
      throw new Error(`${service.name} exited before it was ready:\n${stderr}\n${stdout.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${service.health}/readyz`, { signal: AbortSignal.timeout(5_000) });
      last = `${res.status} ${await res.text()}`;
      if (res.status === 200) return;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) throw new Error(`${service.name} not ready within ${timeoutMs} ms: ${last}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Sends `signal` and waits for the exit: its code and the milliseconds from the signal to it. */
export async function stopWith(
  service: ServiceProcess,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; ms: number }> {
  service.process.signal(signal);
  const { code, msSinceSignal } = await service.process.exited;
  return { code, ms: msSinceSignal };
}

/** Runs `aims migrate` from the CLI's sources, as the chart's migration Job does. */
export function aimsMigrate(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=source', resolve(ROOT, 'packages/cli/src/main.ts'), 'migrate'],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('error', fail);
    child.once('exit', (code) => done({ code, output }));
  });
}

/** How far a consumer group is through a topic: committed offsets and high-water marks, summed. */
export interface GroupProgress {
  committed: number;
  end: number;
}

/** Reads consumer-group offsets and topic ends from the rig's Kafka. */
export function kafkaProgress(brokers: string) {
  const admin = new Kafka({
    brokers: brokers.split(','),
    clientId: 'e2e-progress',
    logLevel: logLevel.NOTHING,
  }).admin();
  let connected: Promise<void> | undefined;
  const ready = () => {
    connected ??= admin.connect();
    return connected;
  };
  return {
    /** The messages a topic holds (the sum of its partitions' high-water marks); 0 when it does not exist. */
    async end(topic: string): Promise<number> {
      await ready();
      if (!(await admin.listTopics()).includes(topic)) return 0;
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((sum, p) => sum + Number(p.high), 0);
    },
    async group(groupId: string, topic: string): Promise<GroupProgress> {
      await ready();
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const byPartition = new Map(
        (committed?.partitions ?? []).map((p) => [p.partition, Math.max(0, Number(p.offset))]),
      );
      return {
        committed: ends.reduce((sum, p) => sum + (byPartition.get(p.partition) ?? 0), 0),
        end: ends.reduce((sum, p) => sum + Number(p.high), 0),
      };
    },
    /** Removes consumer groups a run made (they must have no members left). */
    async deleteGroups(groupIds: string[]): Promise<void> {
      await ready();
      await admin.deleteGroups(groupIds);
    },
    close: () => (connected ? admin.disconnect() : Promise.resolve()),
  };
}

/** Polls `probe` until it returns a value other than undefined. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
