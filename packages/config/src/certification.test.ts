import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { parseWorkspaceConfig } from './load.js';

const base = 'workspace: acme\n';

function problems(text: string): [string, number | undefined, string][] {
  try {
    parseWorkspaceConfig(text, 'aims.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => [i.path, i.line, i.message]);
    throw error;
  }
  return [];
}

describe('the certification calendar in the workspace config', () => {
  it('is optional, and keeps the dates as given', () => {
    expect(parseWorkspaceConfig(base, 'aims.yaml').certification).toBeUndefined();
    const config = parseWorkspaceConfig(
      `${base}certification:\n  certifiedAt: 2026-03-16\n  body: Northgate\n  surveillance: [2027-02-01, 2028-02-01]\n  recertificationAt: 2029-01-15\n`,
      'aims.yaml',
    );
    expect(config.certification).toEqual({
      certifiedAt: '2026-03-16',
      body: 'Northgate',
      surveillance: ['2027-02-01', '2028-02-01'],
      recertificationAt: '2029-01-15',
    });
  });

  it('names the line of a date that does not exist, is not a date, or comes in the wrong order', () => {
    expect(problems(`${base}certification:\n  certifiedAt: 2026-02-30\n`)).toEqual([
      ['certification.certifiedAt', 3, 'is not a date that exists'],
    ]);
    expect(problems(`${base}certification:\n  certifiedAt: March 2026\n`)).toEqual([
      ['certification.certifiedAt', 3, 'must be a date such as 2026-03-02'],
    ]);
    expect(
      problems(
        `${base}certification:\n  certifiedAt: 2026-03-16\n  surveillance: [2030-01-01]\n  recertificationAt: 2026-01-01\n`,
      ),
    ).toEqual([
      ['certification.recertificationAt', 5, 'must come after certifiedAt (2026-03-16)'],
      [
        'certification.surveillance.0',
        4,
        'must fall between certifiedAt (2026-03-16) and the recertification (2026-01-01)',
      ],
    ]);
    expect(
      problems(`${base}certification:\n  certifiedAt: 2026-03-16\n  surveilance: [2027-03-16]\n`),
    ).toEqual([['certification', 3, 'Unrecognized key: "surveilance"']]);
  });
});

describe('the libraries a workspace scores', () => {
  it('are both unless one is turned off (the loader scores a library not named), but not both', () => {
    expect(parseWorkspaceConfig(base, 'aims.yaml').libraries).toBeUndefined();
    expect(parseWorkspaceConfig(`${base}libraries: { clauses: false }\n`, 'aims.yaml').libraries).toEqual({
      clauses: false,
    });
    expect(problems(`${base}libraries: { annexA: false, clauses: false }\n`)).toEqual([
      ['libraries', 2, 'turn on at least one library (annexA or clauses)'],
    ]);
  });
});
