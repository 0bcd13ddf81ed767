import { type KeyObject, sign, verify } from 'node:crypto';

/** DSSE v1.0: the signature covers PAE(payloadType, payload), never the payload alone. */
export interface DsseEnvelope {
  payload: string;
  payloadType: string;
  signatures: { keyid?: string; sig: string }[];
}

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** Pre-Authentication Encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN in ASCII decimal. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'ascii'),
    type,
    Buffer.from(` ${payload.length} `, 'ascii'),
    payload,
  ]);
}

/** An envelope with one Ed25519 signature (Ed25519 is deterministic: same key and payload, same bytes). */
export function signEnvelope(
  payload: Buffer,
  payloadType: string,
  key: KeyObject,
  keyid: string,
): DsseEnvelope {
  const sig = sign(null, pae(payloadType, payload), key).toString('base64');
  return { payload: payload.toString('base64'), payloadType, signatures: [{ keyid, sig }] };
}

export type EnvelopeCheck = { ok: true; payload: Buffer } | { ok: false; reason: string };

const isEnvelope = (value: unknown): value is DsseEnvelope => {
  const e = value as DsseEnvelope;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.payload === 'string' &&
    typeof e.payloadType === 'string' &&
    Array.isArray(e.signatures) &&
    e.signatures.every((s) => typeof s === 'object' && s !== null && typeof s.sig === 'string')
  );
};

/** Accepts the envelope when one of its signatures verifies with `key` (standard or URL-safe base64). */
export function verifyEnvelope(envelope: unknown, key: KeyObject, payloadType: string): EnvelopeCheck {
  if (!isEnvelope(envelope))
    return { ok: false, reason: 'it is not a DSSE envelope (payload, payloadType, signatures[].sig)' };
  if (envelope.payloadType !== payloadType) {
    return {
      ok: false,
      reason: `its payloadType is ${JSON.stringify(envelope.payloadType)}, not ${payloadType}`,
    };
  }
  const payload = Buffer.from(envelope.payload, 'base64');
  const signed = pae(envelope.payloadType, payload);
  const good = envelope.signatures.some((s) => verify(null, signed, key, Buffer.from(s.sig, 'base64')));
  return good ? { ok: true, payload } : { ok: false, reason: 'no signature in it verifies with the key' };
}
