import { readFile } from 'node:fs/promises';
import type { ConfigIssue, WorkspaceConfig } from '@aims/config';
import type { LibraryIssue, LibraryOverlay } from '@aims/scoring';
import { fileError } from '../errors.js';
import type { ConnectorRegistry } from '../source/workspace.js';
import { locate } from './yaml-lines.js';

/** One problem, located in its file. */
export interface Problem {
  file: string;
  line?: number;
  text: string;
}

export interface Validation {
  problems: Problem[];
  config?: WorkspaceConfig;
  overlays: number;
}

interface RawInstance {
  instance?: unknown;
  connector?: unknown;
  enabled?: unknown;
  config?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Secret references resolved to a placeholder: the shape is checked, not the environment. */
const anySecret = new Proxy({} as Record<string, string>, { get: () => 'from-the-environment' });

/**
 * Every problem of a workspace's files: the config against its schema, each connector instance's
 * `config:` against that connector's own schema (secret references count as given), and each
 * library overlay against the library. Reads the files; changes nothing.
 */
export async function validateWorkspaceFiles(options: {
  configFile: string;
  /** How the file is named in the problems. */
  shownConfig: string;
  overlays: readonly { path: string; shown: string }[];
  connectors: ConnectorRegistry;
}): Promise<Validation> {
  const [{ ConfigError, parseWorkspaceConfig, resolveSecretRefs }, scoring] = await Promise.all([
    import('@aims/config'),
    import('@aims/scoring'),
  ]);
  const file = options.shownConfig;
  let text: string;
  try {
    text = await readFile(options.configFile, 'utf8');
  } catch (error) {
    throw fileError('read', file, error);
  }
  const problems: Problem[] = [];
  const issue = (i: ConfigIssue) =>
    problems.push({
      file,
      ...(i.line === undefined ? {} : { line: i.line }),
      text: `${i.path ? `${i.path}: ` : ''}${i.message}`,
    });
  let config: WorkspaceConfig | undefined;
  try {
    config = parseWorkspaceConfig(text, file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    error.issues.forEach(issue);
  }
  // Each connector's own config, even when the rest of the file has problems.
  const doc = locate(text);
  const raw =
    isRecord(doc.value) && Array.isArray(doc.value.connectors) ? (doc.value.connectors as unknown[]) : [];
  raw.forEach((entry, index) => {
    if (!isRecord(entry)) return;
    const { connector: id, enabled, config: settings } = entry as RawInstance;
    if (typeof id !== 'string') return;
    const at = (...path: PropertyKey[]) => doc.lineOf(['connectors', index, ...path]);
    const connector = options.connectors.get(id);
    if (!connector) {
      if (enabled !== false)
        issue({
          path: `connectors.${index}.connector`,
          message: `unknown connector '${id}'; known: ${[...options.connectors.keys()].sort().join(', ')}`,
          ...lineField(at('connector')),
        });
      return;
    }
    const parsed = connector.configSchema.safeParse(
      resolveSecretRefs(isRecord(settings) ? settings : {}, anySecret),
    );
    if (parsed.success) return;
    for (const problem of parsed.error.issues) {
      const path = problem.path.map(String);
      issue({
        path: ['connectors', index, 'config', ...path].join('.'),
        message: `${problem.message} (${id} connector config)`,
        ...lineField(at('config', ...path)),
      });
    }
  });
  // The overlays: each file on its own, then all of them against the library.
  const located = (i: LibraryIssue): Problem => {
    const shown = options.overlays.find((overlay) => overlay.path === i.file)?.shown ?? i.file;
    return { file: shown, line: i.line, text: `${i.problem}${i.path ? ` (at ${i.path})` : ''}` };
  };
  const overlays: LibraryOverlay[] = [];
  for (const overlay of options.overlays) {
    try {
      overlays.push(await scoring.readOverlayFile(overlay.path));
    } catch (error) {
      if (!(error instanceof scoring.LibraryError)) throw error;
      problems.push(...error.issues.map(located));
    }
  }
  if (overlays.length === options.overlays.length && overlays.length > 0) {
    try {
      // Against the libraries the config turns on, so an overlay may change clauses too.
      const library = await scoring.readLibraryWithOverlays(config ? { libraries: config.libraries } : {});
      scoring.applyOverlays(library, overlays);
    } catch (error) {
      if (!(error instanceof scoring.LibraryError)) throw error;
      problems.push(...error.issues.map(located));
    }
  }
  return { problems, overlays: options.overlays.length, ...(config ? { config } : {}) };
}

const lineField = (line: number | undefined): { line?: number } => (line === undefined ? {} : { line });
