import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { SigningKeyError } from '../errors.js';

export interface SigningKeyPair {
  /** PKCS#8 PEM; keep it secret. */
  privateKeyPem: string;
  /** SPKI PEM; publish it so auditors can check bundles against it. */
  publicKeyPem: string;
  keyId: string;
}

/** A key's id: SHA-256 (hex) of its public key's DER (SubjectPublicKeyInfo). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** A fresh Ed25519 key pair. */
export function generateSigningKey(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

const isEd25519 = (key: KeyObject) => key.asymmetricKeyType === 'ed25519';

/** An Ed25519 private key from PEM (or a KeyObject); SigningKeyError otherwise. */
export function loadPrivateKey(key: string | KeyObject): KeyObject {
  let object: KeyObject;
  try {
    object = typeof key === 'string' ? createPrivateKey(key) : key;
  } catch (error) {
    throw new SigningKeyError('the signing key is not a readable private key (PEM, PKCS#8)', error);
  }
  if (object.type !== 'private' || !isEd25519(object)) {
    throw new SigningKeyError(
      `the signing key must be an Ed25519 private key, not ${object.asymmetricKeyType ?? 'unknown'} ${object.type}`,
    );
  }
  return object;
}

/** An Ed25519 public key from PEM (a private key's PEM gives its public half); SigningKeyError otherwise. */
export function loadPublicKey(key: string | KeyObject): KeyObject {
  let object: KeyObject;
  try {
    object =
      typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  } catch (error) {
    throw new SigningKeyError('the public key is not a readable key (PEM, SPKI)', error);
  }
  if (!isEd25519(object))
    throw new SigningKeyError(`the public key must be Ed25519, not ${object.asymmetricKeyType ?? 'unknown'}`);
  return object;
}

export const publicKeyPem = (key: KeyObject): string =>
  key.export({ type: 'spki', format: 'pem' }).toString();
