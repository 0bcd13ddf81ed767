import { describe, expect, it } from 'vitest';
import { CliError, reportError } from '../src/errors.js';
import { EXIT } from '../src/exit-codes.js';
import type { CliIo } from '../src/io.js';

const capture = () => {
  let err = '';
  const io: CliIo = { out: () => undefined, err: (t) => (err += t), cwd: '/' };
  return { io, text: () => err };
};

describe('reportError', () => {
  it('prints one line without a stack, and the stack only when verbose', () => {
    const quiet = capture();
    expect(reportError(new TypeError('boom'), quiet.io, false)).toBe(EXIT.internal);
    expect(quiet.text()).toBe('aims: internal error: boom (run with --verbose for details)\n');
    const loud = capture();
    reportError(new TypeError('boom'), loud.io, true);
    expect(loud.text()).toMatch(/^aims: internal error: boom\nTypeError: boom\n\s+at /);
  });

  it('uses a CliError exit code and message as they are', () => {
    const out = capture();
    expect(reportError(new CliError('key_exists', 'k exists', EXIT.input), out.io, false)).toBe(EXIT.input);
    expect(out.text()).toBe('aims: k exists\n');
  });
});
