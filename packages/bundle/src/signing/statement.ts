/** in-toto Statement v1: subjects (name plus digest) and a typed predicate about them. */
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const BUNDLE_PREDICATE_TYPE = 'https://schemas.aims-evidence-mesh.dev/attestations/auditor-bundle/v1';

export interface Subject {
  name: string;
  digest: { sha256: string };
}

export interface BundleStatement {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: typeof BUNDLE_PREDICATE_TYPE;
  predicate: {
    bag: string;
    organisation: string;
    workspace: string;
    asOf: string;
    toolVersion: string;
    payloadOxum: string;
  };
}

export function bundleStatement(
  subject: Subject[],
  predicate: BundleStatement['predicate'],
): BundleStatement {
  return { _type: STATEMENT_TYPE, subject, predicateType: BUNDLE_PREDICATE_TYPE, predicate };
}

export const isBundleStatement = (value: unknown): value is BundleStatement => {
  const s = value as BundleStatement;
  return (
    typeof s === 'object' &&
    s !== null &&
    s._type === STATEMENT_TYPE &&
    Array.isArray(s.subject) &&
    s.subject.every((x) => typeof x?.name === 'string' && typeof x?.digest?.sha256 === 'string')
  );
};
