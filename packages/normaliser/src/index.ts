export { changedEventsOf } from './changes.js';
export {
  type Decoded,
  type DecodeRules,
  decodeRawMessage,
  type ValidationOutcome,
} from './decode.js';
export {
  BatchAbortedError,
  type BatchStats,
  createNormaliser,
  type Normaliser,
  type NormaliserOptions,
} from './engine.js';
export { type ExpiryRule, libraryExpiry, toWrite } from './mapping.js';
export { contractDecodeRules, defaultMaxRecordBytes } from './rules.js';
