// Evidence API types, generated from contracts/openapi/evidence-api.yaml with openapi-typescript.
import type { components } from './generated/evidence-api.js';

/** `EvidenceApi.paths`, `EvidenceApi.components`, `EvidenceApi.operations`. */
export type * as EvidenceApi from './generated/evidence-api.js';

/** A named schema of the API, e.g. `ApiSchema<'ControlDetail'>`. */
export type ApiSchema<N extends keyof components['schemas']> = components['schemas'][N];

/** The body of every API error: `{ error: { code, message, details? } }`. */
export type ApiErrorBody = components['schemas']['ErrorResponse'];
