/** Orderings that make a bundle's bytes independent of the order its input arrived in. */

/** Compares "A.10.2" after "A.9.4": numeric segments as numbers, others as text. */
export function compareIds(a: string, b: string): number {
  const left = a.split(/([0-9]+)/);
  const right = b.split(/([0-9]+)/);
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const x = left[i] ?? '';
    const y = right[i] ?? '';
    if (x === y) continue;
    const numeric = i % 2 === 1;
    if (numeric && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return left.length - right.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Code-point order, the same on every machine and locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const compareRefs = (
  a: { key: string; version: number },
  b: { key: string; version: number },
): number => compareText(a.key, b.key) || a.version - b.version;

export const refId = (ref: { key: string; version: number }): string => `${ref.key}#${ref.version}`;
