/** Exit codes of every `aims` command (documented in the package README). */
export const EXIT = {
  /** The command did what it was asked; `aims verify` accepted the bundle. */
  ok: 0,
  /**
   * The command ran and the answer is no: `verify` rejected the bundle, `config validate` found
   * problems, `connectors check` found an instance that is not ok, a `harvest` run failed.
   */
  rejected: 1,
  /** The command line is wrong: unknown command or option, missing argument, a bad flag value. */
  usage: 2,
  /**
   * What the command was given cannot be used: a file cannot be read or written or already
   * exists, an invalid config or key, no catalogue yet, an unknown control, AI system or instance
   * (locally, or the API answered 400/404/415).
   */
  input: 3,
  /**
   * The API cannot be reached or could not do it: connection refused, no answer in time, a 5xx
   * or 409 answer, a job that failed on the server or did not finish in time.
   */
  unavailable: 4,
  /** The API refused the key: 401 (none, unknown or revoked; set AIMS_API_KEY) or 403 (scope). */
  auth: 5,
  /** A bug: something failed that should not have. `--verbose` shows the stack. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
