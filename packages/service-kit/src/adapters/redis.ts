import { Redis, type RedisOptions } from 'ioredis';
import { EnvError } from '../env/parse.js';

/** Resolves when Redis answers PING within `timeoutMs`; a connection that is down fails at once, naming its state. */
export async function pingRedis(redis: Redis, timeoutMs = 2_000): Promise<void> {
  // Commands to a connection that is down wait in ioredis's offline queue (forever, for BullMQ's
  // connections): readiness must not pile them up, so only a ready connection is asked.
  if (redis.status !== 'ready') throw new Error(`redis connection is ${redis.status}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`redis did not answer PING within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    const answer = await Promise.race([redis.ping(), timeout]);
    if (answer !== 'PONG') throw new Error(`redis answered PING with ${String(answer).slice(0, 40)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** One Redis connection, made on first use (BullMQ's settings: requests wait for a reconnect). */
export interface SharedRedis {
  get(): Redis;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A connection to `url` for BullMQ queues, made when first used and closed by `close()`. */
export function sharedRedis(url: string | undefined, what: string, options: RedisOptions = {}): SharedRedis {
  let redis: Redis | undefined;
  const get = (): Redis => {
    if (!url)
      throw new EnvError(what, [{ variable: 'REDIS_URL', message: 'required when JOB_QUEUE=bullmq' }]);
    redis ??= new Redis(url, { ...options, maxRetriesPerRequest: null });
    // Errors surface through the commands that fail and through readiness; not as unhandled events.
    redis.on('error', () => undefined);
    return redis;
  };
  return {
    get,
    ping: () => pingRedis(get()),
    async close() {
      const open = redis;
      redis = undefined;
      await open?.quit().catch(() => open.disconnect());
    },
  };
}
