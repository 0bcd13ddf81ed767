// Redis from Debian's redis-server package, for BullMQ.
import {
  aptInstall,
  dir,
  RigError,
  rigPort,
  startDetached,
  stopDetached,
  tcpExchange,
  which,
} from './lib.mjs';

const port = rigPort(16379);

export const redis = {
  name: 'redis',
  envVar: 'REDIS_URL',
  url: `redis://127.0.0.1:${port}`,
  startTimeoutMs: 30_000,

  provision() {
    if (which('redis-server')) return;
    aptInstall('redis', ['redis-server']);
    if (!which('redis-server')) throw new RigError('redis: redis-server was installed but is not on PATH');
  },

  start() {
    const data = dir('redis');
    return startDetached('redis', 'redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      data,
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ]);
  },

  async probe(url) {
    const { hostname, port: p } = new URL(url);
    const reply = await tcpExchange(Number(p || 6379), 'PING\r\n', {
      host: hostname,
      until: (d) => d.includes('\r\n'),
    });
    // +PONG, or -NOAUTH from a server that wants a password: either way Redis answered.
    if (!reply.startsWith('+PONG') && !reply.startsWith('-NOAUTH'))
      throw new Error(`unexpected reply to PING: ${reply.trim()}`);
  },

  stop: () => stopDetached('redis'),
};
