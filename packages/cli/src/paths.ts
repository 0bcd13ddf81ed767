import { isAbsolute, relative } from 'node:path';

/** A path as the user reads it: relative to the working folder when inside it, else absolute. */
export function shown(cwd: string, path: string): string {
  const inside = relative(cwd, path);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}
