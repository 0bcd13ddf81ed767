import { stringify } from 'csv-stringify/sync';
import type { Gap, GapReport } from './report.js';

export function gapReportToJson(report: GapReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const CSV_COLUMNS = [
  'priority',
  'priority_score',
  'control_id',
  'title',
  'objective_id',
  'status',
  'coverage',
  'owner_role',
  'due_at',
  'tags',
  'missing_requirements',
  'missing_evidence',
] as const;

/** One row per gap (RFC 4180), with the missing requirement ids and descriptions joined by "; ". */
export function gapReportToCsv(report: GapReport): string {
  const rows = report.gaps.map((gap) => [
    gap.priority,
    gap.priorityScore,
    gap.controlId,
    gap.title,
    gap.objectiveId,
    gap.status,
    gap.coverage,
    gap.ownerRole,
    gap.dueAt,
    gap.tags.join('; '),
    gap.missing.map((requirement) => requirement.requirementId).join('; '),
    gap.missing.map((requirement) => requirement.description).join('; '),
  ]);
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'unix' });
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function row(gap: Gap): string[] {
  return [
    gap.priority,
    gap.priorityScore.toFixed(2),
    gap.controlId,
    clip(gap.title, 44),
    gap.status === 'not_compliant' ? 'not compliant' : 'partial',
    `${gap.coverage.toFixed(1)}%`,
    gap.ownerRole,
    gap.dueAt.slice(0, 10),
    gap.missing.map((requirement) => requirement.requirementId).join(', '),
  ];
}

/** A plain-text table with aligned columns, one line per gap. */
export function gapReportToTable(report: GapReport): string {
  const header = ['PRIORITY', 'SCORE', 'CONTROL', 'TITLE', 'STATUS', 'COVERAGE', 'OWNER', 'DUE', 'MISSING'];
  const lines = [header, ...report.gaps.map(row)];
  const widths = header.map((_, i) => Math.max(...lines.map((line) => (line[i] ?? '').length)));
  const render = (line: readonly string[]): string =>
    line
      .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const body = lines.slice(1).map(render);
  const footer = `${report.gaps.length} gaps: ${report.counts.high} high, ${report.counts.medium} medium, ${report.counts.low} low`;
  return `${[render(header), rule, ...body, footer].join('\n')}\n`;
}
