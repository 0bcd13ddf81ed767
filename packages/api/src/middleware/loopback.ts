import { AimsError } from '@aims/core';
import type { NextFunction, Request, Response } from 'express';

/** A request reached the key-less API under a name that is not this machine's loopback. */
export class HostNotAllowedError extends AimsError {
  constructor(header: 'Host' | 'Origin') {
    super(
      'host_not_allowed',
      `the ${header} header does not name a loopback host; without an API key this server answers only requests to 127.0.0.1, ::1 or localhost`,
    );
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The host name of a Host header (`name:port`, `[v6]:port`) or Origin URL, lower-cased. */
export function hostName(value: string, isOrigin: boolean): string | undefined {
  try {
    const url = new URL(isOrigin ? value : `http://${value}`);
    return url.hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

export function isLoopbackHost(name: string | undefined): boolean {
  if (name === undefined) return false;
  return LOOPBACK.has(name) || /^127(\.[0-9]{1,3}){3}$/.test(name);
}

/**
 * Without API keys, refuses requests whose Host (or, when sent, Origin) is not loopback: a web
 * page on another name cannot reach the open API through DNS rebinding. With keys it does nothing.
 */
export function loopbackOnly(enabled: boolean) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!enabled) {
      next();
      return;
    }
    if (!isLoopbackHost(hostName(req.get('host') ?? '', false))) throw new HostNotAllowedError('Host');
    const origin = req.get('origin');
    if (origin !== undefined && origin !== 'null' && !isLoopbackHost(hostName(origin, true)))
      throw new HostNotAllowedError('Origin');
    next();
  };
}
