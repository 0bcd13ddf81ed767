import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { LibraryError, type LibraryIssue } from '../errors.js';

export type PathSegment = string | number;

/** A parsed YAML file that can say where any value of it sits. */
export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  /** Line and column (1-based) of the value at path, or of its nearest existing parent. */
  locate(path: readonly PathSegment[]): { line: number; column: number };
  issue(path: readonly PathSegment[], problem: string): LibraryIssue;
}

export function toPointer(path: readonly PathSegment[]): string {
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

export function fromPointer(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
      return /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment;
    });
}

/** Offset of the node at path; for a map entry, of its key, so errors point at the line that names it. */
function nodeOffset(doc: Document, path: readonly PathSegment[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = isNode(node) ? node.range?.[0] : undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      offset = isNode(pair.key) ? (pair.key.range?.[0] ?? offset) : offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (!isNode(item)) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/** Parses YAML keeping positions; syntax errors become a LibraryError naming file and line. */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    throw new LibraryError(
      doc.errors.map((error) => ({
        file,
        ...position(error.pos[0]),
        path: '',
        problem: `YAML: ${firstLine(error.message)}`,
      })),
    );
  }
  const source: YamlSource = {
    file,
    data: doc.toJS({ maxAliasCount: 1000 }) as unknown,
    locate(path) {
      const offset = nodeOffset(doc, path);
      return offset === undefined ? { line: 1, column: 1 } : position(offset);
    },
    issue(path, problem) {
      return { file, ...source.locate(path), path: toPointer(path), problem };
    },
  };
  return source;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}
