import type { KeyObject } from 'node:crypto';
import { MANIFEST_JSON, PAYLOAD_MANIFEST, SIGNATURE_ENVELOPE, SIGNATURE_PUBLIC_KEY } from '../bag/layout.js';
import type { BundleManifest } from '../bag/manifest.js';
import { SigningKeyError } from '../errors.js';
import { IN_TOTO_PAYLOAD_TYPE, verifyEnvelope } from '../signing/dsse.js';
import { keyIdOf, loadPublicKey } from '../signing/keys.js';
import { isBundleStatement } from '../signing/statement.js';
import type { BagContents } from './read-bag.js';
import { fail, type SignatureOutcome } from './result.js';

const SIGNED_SUBJECTS = [MANIFEST_JSON, PAYLOAD_MANIFEST];

function embeddedKey(bag: BagContents): KeyObject {
  const pem = bag.files.get(SIGNATURE_PUBLIC_KEY)?.bytes;
  if (!pem)
    fail(
      'signature',
      'missing_file',
      SIGNATURE_PUBLIC_KEY,
      `the bag is signed but has no ${SIGNATURE_PUBLIC_KEY}`,
    );
  try {
    return loadPublicKey(pem.toString('utf8'));
  } catch (error) {
    return fail(
      'signature',
      'invalid_key',
      SIGNATURE_PUBLIC_KEY,
      `${SIGNATURE_PUBLIC_KEY}: ${(error as Error).message}`,
    );
  }
}

/**
 * The DSSE envelope verifies with the given public key (or else the embedded one), and its
 * in-toto statement names data/manifest.json and manifest-sha256.txt with their actual digests.
 */
export function checkSignature(
  bag: BagContents,
  manifest: BundleManifest,
  given?: KeyObject,
): SignatureOutcome {
  const declared = manifest.signature;
  if (declared.status === 'unsigned') {
    const stray = [...bag.files.keys()].find((p) => p.startsWith('signature/'));
    if (stray)
      fail(
        'signature',
        'unexpected_signature',
        stray,
        `${MANIFEST_JSON} says the bag is unsigned, yet it holds ${stray}`,
      );
    if (given)
      fail(
        'signature',
        'unsigned',
        MANIFEST_JSON,
        `the bundle is unsigned (${MANIFEST_JSON}), so it cannot be checked against the given public key`,
      );
    return { status: 'unsigned' };
  }
  const key = given ?? embeddedKey(bag);
  const keyId = keyIdOf(key);
  const source = given ? 'given' : 'embedded';
  if (keyId !== declared.keyId) {
    fail(
      'signature',
      'wrong_key',
      SIGNATURE_ENVELOPE,
      `${MANIFEST_JSON} says the bag is signed by key ${declared.keyId}, not by the ${source} key ${keyId}`,
    );
  }
  const bytes = bag.files.get(SIGNATURE_ENVELOPE)?.bytes;
  if (!bytes)
    fail(
      'signature',
      'missing_file',
      SIGNATURE_ENVELOPE,
      `the bag is signed but has no ${SIGNATURE_ENVELOPE}`,
    );
  let envelope: unknown;
  try {
    envelope = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    fail(
      'signature',
      'invalid_json',
      SIGNATURE_ENVELOPE,
      `${SIGNATURE_ENVELOPE} is not JSON: ${(error as Error).message}`,
    );
  }
  const checked = verifyEnvelope(envelope, key, IN_TOTO_PAYLOAD_TYPE);
  if (!checked.ok)
    fail(
      'signature',
      'bad_signature',
      SIGNATURE_ENVELOPE,
      `${SIGNATURE_ENVELOPE} does not verify with the ${source} public key: ${checked.reason}`,
    );
  let statement: unknown;
  try {
    statement = JSON.parse(checked.payload.toString('utf8'));
  } catch {
    fail(
      'signature',
      'invalid_statement',
      SIGNATURE_ENVELOPE,
      `${SIGNATURE_ENVELOPE} signs something that is not JSON`,
    );
  }
  if (!isBundleStatement(statement))
    fail(
      'signature',
      'invalid_statement',
      SIGNATURE_ENVELOPE,
      `${SIGNATURE_ENVELOPE} does not hold an in-toto Statement v1`,
    );
  for (const name of SIGNED_SUBJECTS) {
    const subject = statement.subject.find((s) => s.name === name);
    const actual = bag.files.get(name)?.sha256;
    if (subject?.digest.sha256 !== actual) {
      fail(
        'signature',
        'subject_mismatch',
        name,
        `${name} is not the file the signature covers (${SIGNATURE_ENVELOPE} names SHA-256 ${subject?.digest.sha256 ?? 'nothing'}, the file's is ${actual})`,
      );
    }
  }
  return { status: 'valid', key: source, keyId };
}

export function givenKey(publicKey: string | KeyObject | undefined): KeyObject | undefined {
  if (publicKey === undefined) return undefined;
  try {
    return loadPublicKey(publicKey);
  } catch (error) {
    if (error instanceof SigningKeyError)
      fail('signature', 'invalid_key', undefined, `the given public key: ${error.message}`);
    throw error;
  }
}
