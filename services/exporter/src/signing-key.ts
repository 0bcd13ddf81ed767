import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { keyIdOf, loadPrivateKey } from '@aims/bundle';
import { EnvError } from '@aims/service-kit';

/** The key bundles are signed with, and its id (the SHA-256 of its public key), or none. */
export type SigningKey = { pem: string; keyId: string } | undefined;

/**
 * The signing key from AIMS_SIGNING_KEY_FILE (a PEM file) or AIMS_SIGNING_KEY (PEM text), checked
 * to be an Ed25519 private key: a file that cannot be read or a key that is not one stops the
 * service naming the variable, never showing the key.
 */
export function signingKeyFrom(env: {
  AIMS_SIGNING_KEY_FILE?: string | undefined;
  AIMS_SIGNING_KEY?: string | undefined;
}): SigningKey {
  let pem: string;
  let variable: string;
  if (env.AIMS_SIGNING_KEY_FILE !== undefined) {
    variable = 'AIMS_SIGNING_KEY_FILE';
    try {
      pem = readFileSync(env.AIMS_SIGNING_KEY_FILE, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new EnvError('exporter', [
        { variable, message: `cannot read ${env.AIMS_SIGNING_KEY_FILE} (${reason})` },
      ]);
    }
  } else if (env.AIMS_SIGNING_KEY !== undefined) {
    variable = 'AIMS_SIGNING_KEY';
    pem = env.AIMS_SIGNING_KEY;
  } else {
    return undefined;
  }
  try {
    const key = loadPrivateKey(pem);
    return { pem, keyId: keyIdOf(createPublicKey(key)) };
  } catch (error) {
    throw new EnvError('exporter', [{ variable, message: (error as Error).message }]);
  }
}
