/** One problem found in a workspace config file, located by its path inside the document. */
export interface ConfigIssue {
  /** Dotted path inside the document, e.g. `connectors.0.schedule.every`. */
  readonly path: string;
  readonly message: string;
  /** 1-based line of the offending node when the YAML parser could locate it. */
  readonly line?: number;
}

/** The config file could not be read, parsed or validated. `issues` lists every problem found. */
export class ConfigError extends Error {
  readonly code: 'config_unreadable' | 'config_invalid';
  readonly file: string;
  readonly issues: readonly ConfigIssue[];

  constructor(
    code: 'config_unreadable' | 'config_invalid',
    file: string,
    issues: readonly ConfigIssue[],
    options?: { cause?: unknown },
  ) {
    const detail = issues
      .map(
        (i) => `  ${file}${i.line === undefined ? '' : `:${i.line}`} at ${i.path || '(root)'}: ${i.message}`,
      )
      .join('\n');
    super(
      `${code === 'config_invalid' ? 'invalid' : 'unreadable'} workspace config ${file}\n${detail}`,
      options,
    );
    this.name = 'ConfigError';
    this.code = code;
    this.file = file;
    this.issues = issues;
  }
}

/** A secret is referenced by an environment variable name that is not set. The value is never included. */
export class SecretMissingError extends Error {
  readonly code = 'secret_missing';
  readonly envVar: string;

  constructor(envVar: string, purpose: string) {
    super(`environment variable ${envVar} (${purpose}) is not set or empty`);
    this.name = 'SecretMissingError';
    this.envVar = envVar;
  }
}
