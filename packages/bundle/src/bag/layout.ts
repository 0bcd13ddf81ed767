/** Fixed names inside the bag (relative to its base directory) that writer and verifier share. */
export { BAG_INFO_TXT, BAGIT_TXT, PAYLOAD_MANIFEST, TAG_MANIFEST } from './bagit.js';
export { MANIFEST_JSON } from './manifest.js';

export const SIGNATURE_ENVELOPE = 'signature/envelope.dsse.json';
export const SIGNATURE_PUBLIC_KEY = 'signature/public-key.pem';

/** Text up to this size is deflated under the 'auto' compression policy; larger files are stored. */
export const DEFLATE_LIMIT = 1024 * 1024;

/** bag-info.txt labels of our own, beside RFC 8493's reserved ones. */
export const INFO = {
  organisation: 'Source-Organization',
  baggingDate: 'Bagging-Date',
  oxum: 'Payload-Oxum',
  agent: 'Bag-Software-Agent',
  identifier: 'External-Identifier',
  description: 'External-Description',
  workspace: 'AIMS-Workspace',
  asOf: 'AIMS-As-Of',
  signature: 'AIMS-Signature',
  auditHead: 'AIMS-Audit-Chain-Head',
} as const;
