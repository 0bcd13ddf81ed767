import { InvalidArgumentError } from 'commander';

/** `--as-of`: an ISO 8601 instant, not in the future, normalised to UTC. */
export function parseAsOf(value: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw new InvalidArgumentError(
      `"${value}" is not a date-time; give an ISO 8601 instant such as 2026-11-28T10:00:00Z`,
    );
  if (ms > Date.now())
    throw new InvalidArgumentError(`${value} is in the future; an export describes what is already known`);
  return new Date(ms).toISOString();
}

/** A repeatable option that also takes comma-separated values: `--control A.2.2,A.5.2 --control A.6.1.2`. */
export function collect(value: string, previous: string[] | undefined): string[] {
  const values = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (values.length === 0) throw new InvalidArgumentError('needs at least one value');
  return [...(previous ?? []), ...values];
}

/** The flag behind each field of an export request, to name it in errors. */
export const FLAG_OF: Record<string, string> = {
  asOf: '--as-of',
  controls: '--control',
  aiSystems: '--ai-system',
};

/** An export request's problems (`{ path, message }`), each under the flag the user typed. */
export function requestProblems(details: readonly { path: string; message: string }[]): string {
  return details
    .map((detail) => {
      const field = detail.path.replace(/^\//, '').split(/[./]/)[0] ?? '';
      return `${FLAG_OF[field] ?? (detail.path || 'request')}: ${detail.message}`;
    })
    .join('; ');
}
