import { describe, expect, it } from 'vitest';
import { copyField, copyLine } from './copy.js';

describe('COPY text format', () => {
  it('escapes the characters COPY treats specially', () => {
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField('{"x":"a\\"b"}')).toBe('{"x":"a\\\\"b"}');
  });

  it('writes NULL as \\N and numbers as they print', () => {
    expect(copyLine(['k', 3, null, ''])).toBe('k\t3\t\\N\t\n');
  });

  it('refuses numbers that have no SQL text form', () => {
    expect(() => copyField(Number.NaN)).toThrow(/not a finite number/);
  });
});
