import { LineCounter, parseDocument } from 'yaml';

/** A YAML document with the line of each node, for pointing at the line of a problem. */
export interface LocatedDocument {
  /** The document as plain data; undefined when the YAML itself is broken. */
  value: unknown;
  /** 1-based line of the node at `path`, or of its nearest ancestor that exists in the file. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

export function locate(text: string): LocatedDocument {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  return {
    value: doc.errors.length > 0 ? undefined : doc.toJS(),
    lineOf(path) {
      // A key the file does not have (a required field left out) points at its parent.
      for (let depth = path.length; depth >= 0; depth--) {
        const keys = path.slice(0, depth).map((key) => (typeof key === 'symbol' ? String(key) : key));
        const node = depth === 0 ? doc.contents : doc.getIn(keys, true);
        if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
          const offset = node.range[0];
          if (typeof offset === 'number') return counter.linePos(offset).line;
        }
      }
      return undefined;
    },
  };
}
