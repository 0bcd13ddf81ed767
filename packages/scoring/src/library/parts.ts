import type { LibraryPart } from '@aims/core';

/**
 * The two libraries of ISO/IEC 42001 the engine scores: the Annex A reference controls
 * (`A.2.2`, `A.6.2.4`) and the management-system clauses 4 to 10 (`4.1`, `6.1.3`, `10.2`). One
 * loaded library may hold both; this says which a control or objective belongs to.
 */
export type { LibraryPart };

export const LIBRARY_PARTS: readonly LibraryPart[] = ['annex-a', 'clauses'];

/** The library a control or objective id belongs to: Annex A ids start with `A.`, clauses are numbers. */
export function partOf(id: string): LibraryPart {
  return id.startsWith('A.') ? 'annex-a' : 'clauses';
}

/** Why a clause can never be excluded (the loader sets it on every clause without its own reason). */
export const CLAUSE_CANNOT_EXCLUDE =
  'clauses 4 to 10 are requirements of the management system itself; a Statement of Applicability covers Annex A controls only';
