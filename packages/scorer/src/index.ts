export { createScorer, type Scorer, type ScorerOptions } from './engine.js';
export { ExpiryTimer } from './expiry-timer.js';
export type { InventoryEntry } from './scopes.js';
