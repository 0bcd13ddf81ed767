/** Exit codes of every `aims` command (documented in the package README). */
export const EXIT = {
  /** The command did what it was asked; `aims verify` accepted the bundle. */
  ok: 0,
  /** The command ran and the answer is no: `aims verify` rejected the bundle. */
  rejected: 1,
  /** The command line is wrong: unknown command or option, missing argument. */
  usage: 2,
  /** A file could not be read or written, already exists, or is not what it should be (a key). */
  input: 3,
  /** A bug: something failed that should not have. `--verbose` shows the stack. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
