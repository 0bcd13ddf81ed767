import type { GapRecord } from '@aims/catalogue';
import type { GapFieldSource, JiraTicketsConfig, OwnerConfig } from '@aims/config';
import { canonicalJson, sha256Hex } from '@aims/core';
import type { GapDetail } from '@aims/scoring';
import type { Version3Models } from 'jira.js';
import { type AdfNode, bulletList, doc, paragraph, text } from './adf.js';

/** The person a ticket should be assigned to, before their Jira account is looked up. */
export interface TicketOwner {
  role: string;
  name?: string;
  email?: string;
  /** Given in the workspace config (`owners.<role>.ticketAccount`): no lookup needed. */
  accountId?: string;
}

/** A mapped field's value before it is shaped for the field's type in Jira. */
export interface MappedValue {
  value: unknown;
  as?: 'text' | 'name' | 'value' | 'id';
}

/** What the sync wants an open gap's ticket to say. */
export interface TicketContent {
  summary: string;
  description: Version3Models.Document;
  labels: string[];
  /** `YYYY-MM-DD` (UTC) of the gap's dueAt. */
  duedate: string;
  owner?: TicketOwner;
  fields: Record<string, MappedValue>;
}

const STATUS_WORDS: Record<string, string> = {
  not_compliant: 'not compliant',
  partially_compliant: 'partially compliant',
  compliant: 'compliant',
  not_applicable: 'not applicable',
};

/** The label that finds a gap's ticket again. */
export const gapLabel = (jira: Pick<JiraTicketsConfig, 'label'>, gapId: string): string =>
  `${jira.label}-${gapId}`;

const dateOf = (instant: string): string => new Date(instant).toISOString().slice(0, 10);

function sourceValue(gap: GapRecord, detail: GapDetail, source: GapFieldSource): string {
  switch (source) {
    case 'priority':
      return gap.priority;
    case 'reason':
      return gap.reason;
    case 'status':
      return detail.status;
    case 'controlId':
      return gap.controlId;
    case 'controlTitle':
      return detail.title;
    case 'objectiveId':
      return detail.objectiveId;
    case 'ownerRole':
      return gap.ownerRole;
    case 'gapId':
      return gap.id;
    case 'dueDate':
      return dateOf(gap.dueAt);
  }
}

function mappedFields(
  gap: GapRecord,
  detail: GapDetail,
  jira: JiraTicketsConfig,
): Record<string, MappedValue> {
  const out: Record<string, MappedValue> = {};
  for (const [id, mapping] of Object.entries(jira.fields)) {
    let value: unknown = mapping.value;
    if (mapping.from !== undefined) {
      const raw = sourceValue(gap, detail, mapping.from);
      value = mapping.map === undefined ? raw : mapping.map[raw];
    }
    if (value === undefined) continue;
    out[id] = mapping.as === undefined ? { value } : { value, as: mapping.as };
  }
  return out;
}

function summaryOf(gap: GapRecord, detail: GapDetail): string {
  const why = gap.reason === 'expiring' ? 'evidence expiring' : (STATUS_WORDS[gap.reason] ?? gap.reason);
  const summary = `AIMS gap ${gap.controlId} ${detail.title}: ${why}`;
  // Jira refuses summaries longer than 255 characters.
  return summary.length <= 255 ? summary : `${summary.slice(0, 254)}…`;
}

function reasons(gap: GapRecord, detail: GapDetail): AdfNode[] {
  if (gap.reason === 'expiring' && detail.expiring) {
    return [
      paragraph(
        text(
          `Control ${gap.controlId} ${detail.title} is compliant, but its coverage drops on ${dateOf(detail.expiring.at)} unless this evidence is renewed:`,
        ),
      ),
      bulletList(
        detail.expiring.evidence.map((ref) => [
          text(
            `${ref.key} version ${ref.version} (${ref.kind})${ref.expiresAt === undefined ? '' : `, fresh until ${dateOf(ref.expiresAt)}`}`,
          ),
        ]),
      ),
    ];
  }
  const status = STATUS_WORDS[detail.status] ?? detail.status;
  const lead = paragraph(
    text(`Control ${gap.controlId} ${detail.title} is ${status} (coverage ${detail.coverage}%). Missing:`),
  );
  const items = detail.missing.map((requirement) => [
    text(
      `${requirement.requirementId}: ${requirement.description} (${requirement.freshCount} of ${requirement.minCount} fresh, ${requirement.staleCount} stale; evidence kinds ${requirement.kinds.join(', ')})`,
    ),
  ]);
  return items.length === 0 ? [lead] : [lead, bulletList(items)];
}

function descriptionOf(gap: GapRecord, detail: GapDetail, jira: JiraTicketsConfig, owner?: TicketOwner) {
  const who = owner?.name === undefined ? gap.ownerRole : `${owner.name} (${gap.ownerRole})`;
  const footer: AdfNode[] = [text(`Gap ${gap.id}. `)];
  if (jira.linkBaseUrl !== undefined)
    footer.push(
      text('See the control in AIMS', `${jira.linkBaseUrl}/v1/controls/${encodeURIComponent(gap.controlId)}`),
      text('. '),
    );
  footer.push(
    text('Kept by AIMS Evidence Mesh: updated when the gap changes, closed when the evidence arrives.'),
  );
  return doc(
    ...reasons(gap, detail),
    paragraph(text(`Owner: ${who}. Priority ${gap.priority}, due ${dateOf(gap.dueAt)}.`)),
    paragraph(...footer),
  );
}

/** The ticket an open gap should have, from the gap, the Jira section and the owners of the config. */
export function ticketContent(
  gap: GapRecord,
  jira: JiraTicketsConfig,
  owners: Readonly<Record<string, OwnerConfig>>,
): TicketContent {
  const detail = gap.detail as GapDetail;
  const person = owners[gap.ownerRole];
  let owner: TicketOwner | undefined;
  if (person !== undefined) {
    owner = { role: gap.ownerRole, name: person.name };
    if (person.email !== undefined) owner.email = person.email;
    if (person.ticketAccount !== undefined) owner.accountId = person.ticketAccount;
  }
  const content: TicketContent = {
    summary: summaryOf(gap, detail),
    description: descriptionOf(gap, detail, jira, owner),
    labels: [...new Set([jira.label, gapLabel(jira, gap.id), ...jira.labels])],
    duedate: dateOf(gap.dueAt),
    fields: mappedFields(gap, detail, jira),
  };
  if (owner !== undefined) content.owner = owner;
  return content;
}

/** What was written for an open gap: the content plus where it went. */
export function openFingerprint(content: TicketContent, jira: JiraTicketsConfig): string {
  return sha256Hex(
    canonicalJson({ v: 1, state: 'open', project: jira.project, issueType: jira.issueType, content }),
  );
}

/** What was written for a closed gap: its closing, once. */
export function closedFingerprint(gap: GapRecord): string {
  return sha256Hex(canonicalJson({ v: 1, state: 'closed', gapId: gap.id, closedAt: gap.closedAt ?? null }));
}
