import { ApiUnreachableError } from './errors.js';

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
};

/** A short reason for a failed fetch (undici wraps the socket error in `cause`). */
export function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code && REASONS[code]) return REASONS[code];
  if (typeof cause?.message === 'string' && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Wraps fetch: a request that gets no answer within `timeoutMs` (until its headers) is aborted,
 * and a network failure becomes ApiUnreachableError. A caller's own abort passes through as is.
 */
export function transport(
  base: typeof globalThis.fetch,
  baseUrl: string,
  timeoutMs: number,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const timeout = new AbortController();
    // The race ends the wait even for a fetch that does not honour its signal.
    const expired = new Promise<never>((_resolve, reject) => {
      timeout.signal.addEventListener('abort', () => reject(timeout.signal.reason), { once: true });
    });
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    try {
      return await Promise.race([
        base(request, { signal: AbortSignal.any([request.signal, timeout.signal]) }),
        expired,
      ]);
    } catch (error) {
      if (request.signal.aborted) throw error;
      const reason = timeout.signal.aborted ? `no answer within ${timeoutMs} ms` : reasonOf(error);
      throw new ApiUnreachableError(baseUrl, reason, error);
    } finally {
      clearTimeout(timer);
    }
  };
}
