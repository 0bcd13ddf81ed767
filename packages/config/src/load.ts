import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, type ConfigIssue } from './errors.js';
import { type ConnectorInstanceConfig, type WorkspaceConfig, workspaceConfigSchema } from './schema.js';

type Doc = ReturnType<typeof parseDocument>;

function lineOf(doc: Doc, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  // Walk up the path until a node with a source range is found (a missing key points at its parent).
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path.slice(0, depth).map((k) => (typeof k === 'symbol' ? String(k) : k));
    const node = depth === 0 ? doc.contents : doc.getIn(keys, true);
    if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
      const offset = node.range[0];
      if (typeof offset === 'number') return counter.linePos(offset).line;
    }
  }
  return undefined;
}

/** Parses and validates a workspace config document. `file` is used in error messages only. */
export function parseWorkspaceConfig(text: string, file: string): WorkspaceConfig {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const issues: ConfigIssue[] = doc.errors.map((e) => {
      const line = counter.linePos(e.pos[0]).line;
      return { path: '', message: e.message.split('\n')[0] ?? e.message, line };
    });
    throw new ConfigError('config_invalid', file, issues);
  }
  const result = workspaceConfigSchema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue): ConfigIssue => {
    const line = lineOf(doc, counter, issue.path);
    const path = issue.path.map(String).join('.');
    return line === undefined ? { path, message: issue.message } : { path, message: issue.message, line };
  });
  throw new ConfigError('config_invalid', file, issues);
}

/** Reads, parses and validates a workspace config YAML file. */
export async function loadWorkspaceConfig(file: string): Promise<WorkspaceConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new ConfigError('config_unreadable', file, [{ path: '', message }], { cause });
  }
  return parseWorkspaceConfig(text, file);
}

/** Finds a connector instance by id. */
export function findInstance(config: WorkspaceConfig, instance: string): ConnectorInstanceConfig | undefined {
  return config.connectors.find((c) => c.instance === instance);
}
