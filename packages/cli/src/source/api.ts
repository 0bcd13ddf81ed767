import { type AimsClient, createAimsClient } from '@aims/api-client';
import type { Source } from './options.js';

/** The API client of an `--api` source; the key (AIMS_API_KEY) is sent as a Bearer token. */
export function apiClientOf(source: Extract<Source, { kind: 'api' }>): AimsClient {
  return createAimsClient({ baseUrl: source.url, apiKey: source.apiKey });
}
