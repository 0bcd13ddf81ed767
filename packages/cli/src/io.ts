/** Where a command writes, what it works relative to, and the environment it reads; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /**
   * Where defaults come from (AIMS_WORKSPACE, AIMS_DATA_DIR, AIMS_API_URL, AIMS_API_KEY,
   * AIMS_SIGNING_KEY_FILE, and the connectors' secret variables). Default: none.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** True when stdout is a terminal: progress is drawn in place instead of printed as lines. */
  isTTY?: boolean;
}

/** The process's streams and environment: read once, here, at the edge. */
export const processIo = (): CliIo => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});
