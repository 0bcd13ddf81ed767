import {
  type ApiKeyVerifier,
  anyApiKey,
  catalogueApiKeys,
  keyProblem,
  SCOPES,
  staticApiKeys,
} from '@aims/api';
import type { Catalogue } from '@aims/catalogue';

/**
 * Who may call /v1: keys made with `aims keys create` or the admin route (hashes in the catalogue,
 * each bound to one workspace, always accepted) and, when given, the operator's AIMS_API_KEY
 * (its hash only), with every scope, on the primary workspace. There is no way to run this
 * service without keys: with none at all, every /v1 request gets 401.
 */
export function apiKeyVerifier(
  catalogue: Catalogue,
  primary: string,
  operator: { sha256: string } | undefined,
): ApiKeyVerifier {
  const stored = catalogueApiKeys(catalogue);
  if (!operator) return stored;
  const fromEnv = staticApiKeys([
    { id: 'env:AIMS_API_KEY', sha256: operator.sha256, workspace: primary, scopes: Object.values(SCOPES) },
  ]);
  return anyApiKey(fromEnv, stored);
}

/** The served workspaces that have no usable key now (none in the catalogue, not the operator's). */
export async function workspacesWithoutKeys(
  catalogue: Catalogue,
  workspaces: readonly string[],
  operatorWorkspace: string | undefined,
  now = new Date(),
): Promise<string[]> {
  const without: string[] = [];
  for (const workspace of workspaces) {
    if (workspace === operatorWorkspace) continue;
    const keys = await catalogue.listApiKeys(workspace);
    if (!keys.some((key) => !keyProblem(key, now))) without.push(workspace);
  }
  return without;
}
