import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { parseWorkspaceConfig } from './load.js';
import { configErrorAt, lineOfPath } from './locate.js';

const withTickets = `workspace: acme
tickets:
  jira:
    baseUrl: https://acme.atlassian.net/
    emailEnv: AIMS_JIRA_EMAIL
    apiTokenEnv: AIMS_JIRA_API_TOKEN
    project: GOV
    fields:
      priority: { from: priority, map: { high: Highest, medium: Medium, low: Low } }
      customfield_10042: { from: controlId }
      customfield_10043: { value: ISO/IEC 42001, as: value }
    schedule: { every: 30m }
`;

function configError(text: string): ConfigError {
  try {
    parseWorkspaceConfig(text, 'aims.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('tickets.jira', () => {
  it('parses the Jira ticket section with its defaults', () => {
    const jira = parseWorkspaceConfig(withTickets, 'aims.yaml').tickets?.jira;
    expect(jira).toEqual({
      baseUrl: 'https://acme.atlassian.net',
      emailEnv: 'AIMS_JIRA_EMAIL',
      apiTokenEnv: 'AIMS_JIRA_API_TOKEN',
      project: 'GOV',
      issueType: 'Task',
      label: 'aims-gap',
      labels: [],
      fields: {
        priority: { from: 'priority', map: { high: 'Highest', medium: 'Medium', low: 'Low' } },
        customfield_10042: { from: 'controlId' },
        customfield_10043: { value: 'ISO/IEC 42001', as: 'value' },
      },
      schedule: { every: 1_800_000, runOnStart: false },
      concurrency: 4,
    });
    expect(parseWorkspaceConfig('workspace: acme\n', 'aims.yaml').tickets).toBeUndefined();
  });

  it('names the line of a bad mapping, a managed field and a literal secret', () => {
    const bad = withTickets
      .replace('{ from: controlId }', '{ from: controlId, value: x }')
      .replace('customfield_10043:', 'summary:')
      .replace('apiTokenEnv: AIMS_JIRA_API_TOKEN', 'apiToken: hunter2-secret');
    const error = configError(bad);
    const byPath = Object.fromEntries(error.issues.map((issue) => [issue.path, issue]));
    expect(byPath['tickets.jira.fields.customfield_10042']).toMatchObject({
      line: 10,
      message: 'give exactly one of `from` (a gap property) or `value`',
    });
    expect(byPath['tickets.jira.fields.summary']?.message).toBe(
      'summary is written by the ticket sync itself and cannot be mapped',
    );
    expect(byPath['tickets.jira.apiTokenEnv']).toBeDefined();
    expect(error.message).toContain('aims.yaml:10 at tickets.jira.fields.customfield_10042');
    expect(error.message).not.toContain('hunter2-secret');
  });

  it('refuses a project key, label or source it does not know', () => {
    const bad = withTickets
      .replace('project: GOV', 'project: gov')
      .replace('{ from: controlId }', '{ from: colour }');
    const paths = configError(bad).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['tickets.jira.project', 'tickets.jira.fields.customfield_10042.from']),
    );
  });
});

describe('configErrorAt', () => {
  it('locates a path found wrong after loading, reading the file again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aims-config-'));
    const file = join(dir, 'aims.yaml');
    await writeFile(file, withTickets);
    const error = await configErrorAt(file, [
      { path: ['tickets', 'jira', 'fields', 'customfield_10042'], message: 'no such Jira field' },
      { path: ['tickets', 'jira', 'missing'], message: 'points at the parent' },
    ]);
    expect(error.code).toBe('config_invalid');
    expect(error.issues).toEqual([
      { path: 'tickets.jira.fields.customfield_10042', message: 'no such Jira field', line: 10 },
      { path: 'tickets.jira.missing', message: 'points at the parent', line: 4 },
    ]);
    expect(error.message).toContain(
      `${file}:10 at tickets.jira.fields.customfield_10042: no such Jira field`,
    );
  });

  it('names the path alone when the file cannot be read', async () => {
    const error = await configErrorAt('/nonexistent/aims.yaml', [{ path: ['tickets'], message: 'x' }]);
    expect(error.issues).toEqual([{ path: 'tickets', message: 'x' }]);
  });

  it('finds lines in given text', () => {
    expect(lineOfPath(withTickets, ['tickets', 'jira', 'project'])).toBe(7);
    expect(lineOfPath('', ['a'])).toBeUndefined();
  });
});
