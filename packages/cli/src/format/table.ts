/** Cuts `text` to `width` characters, ending with an ellipsis when it was longer. */
export function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** A plain-text table: a header, a rule, one line per row, columns aligned, no trailing spaces. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...lines.map((line) => (line[i] ?? '').length)));
  const render = (line: readonly string[]) =>
    line
      .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return `${[render(header), rule, ...rows.map(render)].join('\n')}\n`;
}

export const percent = (value: number | null | undefined): string =>
  value === null || value === undefined ? '-' : `${value.toFixed(1)}%`;
