import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, type ConfigIssue } from './errors.js';

/**
 * The 1-based line of the node at `path` in a YAML document, or of its nearest ancestor that
 * exists (a missing key points at its parent); undefined when the text has no such node.
 */
export function lineOfPath(text: string, path: readonly (string | number)[]): number | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
      const offset = node.range[0];
      if (typeof offset === 'number') return counter.linePos(offset).line;
    }
  }
  return undefined;
}

/**
 * A config error about a value that is valid in the file but wrong for the outside world (a Jira
 * field that does not exist, say), found after the file was loaded. Reads `file` again to name the
 * line; without it (or when it cannot be read) the issue names the path only.
 */
export async function configErrorAt(
  file: string,
  problems: ReadonlyArray<{ path: readonly (string | number)[]; message: string }>,
  options: { text?: string } = {},
): Promise<ConfigError> {
  let text = options.text;
  if (text === undefined) {
    try {
      text = await readFile(file, 'utf8');
    } catch {
      text = undefined;
    }
  }
  const issues = problems.map((problem): ConfigIssue => {
    const path = problem.path.map(String).join('.');
    const line = text === undefined ? undefined : lineOfPath(text, problem.path);
    return line === undefined ? { path, message: problem.message } : { path, message: problem.message, line };
  });
  return new ConfigError('config_invalid', file, issues);
}
