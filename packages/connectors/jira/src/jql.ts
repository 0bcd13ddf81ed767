/** JQL building: quoting and dates in the account's time zone (JQL has minute precision). */

export function quoteJql(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `yyyy-MM-dd HH:mm` in the given IANA time zone, rounded down to the minute. */
export function jqlDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

export interface IssueQuery {
  projectKey: string;
  extraJql?: string;
  /** Only issues updated at or after this instant. */
  updatedSince?: Date;
  timeZone: string;
}

/** Bounded JQL for one project, oldest update first so a cursor can follow it. */
export function issuesJql(query: IssueQuery): string {
  const clauses = [`project = ${quoteJql(query.projectKey)}`];
  if (query.extraJql !== undefined) clauses.push(`(${query.extraJql})`);
  if (query.updatedSince !== undefined)
    clauses.push(`updated >= ${quoteJql(jqlDate(query.updatedSince, query.timeZone))}`);
  return `${clauses.join(' AND ')} ORDER BY updated ASC, key ASC`;
}
