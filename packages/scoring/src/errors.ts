import { AimsError, type ErrorDetail } from '@aims/core';

/** One problem in a library or overlay file, located by file, line and column (1-based). */
export interface LibraryIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** JSON Pointer into the parsed document, e.g. /objectives/0/controls/2/requirements/0/kinds/1. */
  readonly path: string;
  readonly problem: string;
}

export function formatIssue(issue: LibraryIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.problem}${issue.path ? ` (at ${issue.path})` : ''}`;
}

/** A control library or overlay that cannot be used. Every issue names the file, line and problem. */
export class LibraryError extends AimsError {
  readonly issues: readonly LibraryIssue[];

  constructor(issues: readonly LibraryIssue[], options: { cause?: unknown } = {}) {
    const first = issues[0];
    const head = first
      ? `invalid control library ${first.file}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`
      : 'invalid control library';
    const shown = issues.slice(0, 10).map((issue) => `  ${formatIssue(issue)}`);
    if (issues.length > 10) shown.push(`  ... and ${issues.length - 10} more`);
    const details: ErrorDetail[] = issues.map((issue) => ({
      path: issue.path,
      message: `${issue.file}:${issue.line}:${issue.column}: ${issue.problem}`,
    }));
    super('invalid_library', [head, ...shown].join('\n'), { details, cause: options.cause });
    this.issues = issues;
  }
}

/** An artifact or time handed to the scoring engine that it cannot use; `details` names the field. */
export class ScoringInputError extends AimsError {
  constructor(message: string, path: string, options: { cause?: unknown } = {}) {
    super('invalid_scoring_input', message, { details: [{ path, message }], cause: options.cause });
  }
}
