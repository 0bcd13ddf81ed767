import { configErrorAt, type JiraTicketsConfig } from '@aims/config';
import { ConnectorError } from '@aims/connector-sdk';
import type { Version3Models } from 'jira.js';
import type { MappedValue } from './content.js';
import type { JiraGateway } from './jira-gateway.js';

/** What the sync learnt about the Jira site before writing: its fields and the issue type. */
export interface JiraMetadata {
  /** Fields by id (and by key, for fields addressed by key). */
  fields: Map<string, Version3Models.FieldDetails>;
  issueTypeId: string;
}

const base = ['tickets', 'jira'] as const;

async function issueTypesOf(
  gateway: JiraGateway,
  project: string,
): Promise<Version3Models.IssueTypeIssueCreateMetadata[] | undefined> {
  try {
    const page = await gateway.read('issue types', (client) =>
      client.issues.getCreateIssueMetaIssueTypes({ projectIdOrKey: project, maxResults: 200 }),
    );
    return page.issueTypes ?? page.createMetaIssueType ?? [];
  } catch (error) {
    const status = error instanceof ConnectorError ? error.context?.status : undefined;
    if (status === 404 || status === 400) return undefined;
    throw error;
  }
}

/**
 * Checks the Jira section of the config against the site, once per run and before the first
 * write: every mapped field exists (GET /rest/api/3/field), the project exists and the account can
 * create issues of the configured type in it (GET /rest/api/3/issue/createmeta/{project}/issuetypes).
 * Throws a ConfigError naming the config file, line and problem.
 */
export async function checkJiraConfig(
  gateway: JiraGateway,
  jira: JiraTicketsConfig,
  configFile: string,
): Promise<JiraMetadata> {
  const [list, issueTypes] = await Promise.all([
    gateway.read('field list', (client) => client.issueFields.getFields()),
    issueTypesOf(gateway, jira.project),
  ]);
  const fields = new Map<string, Version3Models.FieldDetails>();
  for (const field of list) {
    if (field.id !== undefined) fields.set(field.id, field);
    if (field.key !== undefined && !fields.has(field.key)) fields.set(field.key, field);
  }
  const problems: Array<{ path: readonly (string | number)[]; message: string }> = [];
  if (issueTypes === undefined) {
    problems.push({
      path: [...base, 'project'],
      message: `Jira has no project ${jira.project}, or the account cannot create issues in it`,
    });
  }
  const issueType = issueTypes?.find((type) => type.name?.toLowerCase() === jira.issueType.toLowerCase());
  if (issueTypes !== undefined && issueType?.id === undefined) {
    const names = issueTypes.flatMap((type) => (type.name === undefined ? [] : [type.name]));
    problems.push({
      path: [...base, 'issueType'],
      message: `project ${jira.project} has no issue type "${jira.issueType}" (it has: ${names.join(', ') || 'none'})`,
    });
  }
  for (const id of Object.keys(jira.fields)) {
    if (!fields.has(id))
      problems.push({
        path: [...base, 'fields', id],
        message: `Jira has no field "${id}" (GET /rest/api/3/field lists ${list.length} fields; custom fields are named customfield_<number>)`,
      });
  }
  if (problems.length > 0 || issueType?.id === undefined) throw await configErrorAt(configFile, problems);
  return { fields, issueTypeId: issueType.id };
}

/**
 * A mapped value as Jira wants it for the field: a text value becomes `{name}` for a priority,
 * `{value}` for a select, a one-item list for a list field, a number for a number field;
 * `as` in the mapping overrides that. Non-text values are sent as written.
 */
export function shapeValue(mapped: MappedValue, field: Version3Models.FieldDetails | undefined): unknown {
  const { value } = mapped;
  if (typeof value !== 'string') return value;
  if (mapped.as === 'text') return value;
  if (mapped.as !== undefined) return { [mapped.as]: value };
  const schema = field?.schema;
  switch (schema?.type) {
    case 'priority':
    case 'version':
    case 'component':
      return { name: value };
    case 'option':
      return { value };
    case 'number':
      return Number(value);
    case 'user':
      return { accountId: value };
    case 'array':
      return schema.items === 'option'
        ? [{ value }]
        : schema.items === 'string'
          ? [value]
          : [{ name: value }];
    default:
      return value;
  }
}
