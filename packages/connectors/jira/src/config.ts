import { z } from 'zod';

/** Jira ticket kinds of docs/data-model.md. */
export const ticketKinds = [
  'ticket.impact-assessment',
  'ticket.risk',
  'ticket.incident',
  'ticket.concern',
  'ticket.supplier-review',
  'ticket.corrective-action',
  'ticket.audit-finding',
] as const;
export type TicketKind = (typeof ticketKinds)[number];

/** Default issue-type names (case-insensitive) and the kinds they map to. */
export const defaultIssueTypes: Record<string, TicketKind> = {
  'ai impact assessment': 'ticket.impact-assessment',
  'impact assessment': 'ticket.impact-assessment',
  'ai risk': 'ticket.risk',
  risk: 'ticket.risk',
  incident: 'ticket.incident',
  'ai incident': 'ticket.incident',
  'concern report': 'ticket.concern',
  concern: 'ticket.concern',
  'supplier review': 'ticket.supplier-review',
  'corrective action': 'ticket.corrective-action',
  'audit finding': 'ticket.audit-finding',
};

const auth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('basic'), email: z.email(), apiToken: z.string().min(1) }),
  z.object({ type: z.literal('bearer'), token: z.string().min(1) }),
]);

const project = z.object({
  key: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a Jira project key such as AIMS'),
  /** Extra JQL ANDed to the project clause, e.g. `component = "AI"`. */
  jql: z.string().min(1).optional(),
});

export const jiraConfigSchema = z.object({
  /** Site base URL, e.g. `https://acme.atlassian.net`. */
  host: z.url().transform((u) => u.replace(/\/+$/, '')),
  /** Site URL for issue links when `host` is the OAuth gateway (`https://api.atlassian.com/ex/jira/<cloudId>`). */
  siteUrl: z
    .url()
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  auth,
  projects: z.array(project).min(1),
  /** Issue-type name (case-insensitive) to ticket kind; merged over the defaults. */
  issueTypes: z
    .record(z.string().min(1), z.enum(ticketKinds))
    .default({})
    .transform((map) => ({
      ...defaultIssueTypes,
      ...Object.fromEntries(Object.entries(map).map(([name, kind]) => [name.toLowerCase(), kind])),
    })),
  /** Status names (case-insensitive) that mean "approved"; moving into one is an approval. */
  approvalStatuses: z
    .array(z.string().min(1))
    .default(['Approved'])
    .transform((names) => names.map((n) => n.toLowerCase())),
  /**
   * Resolution names (case-insensitive) that mean the work was done; any other resolution (Won't
   * Do, Duplicate, Cannot Reproduce) leaves a ticket resolved but not completed.
   */
  completedResolutions: z
    .array(z.string().min(1))
    .default(['Done', 'Fixed', 'Resolved', 'Complete', 'Completed'])
    .transform((names) => names.map((n) => n.toLowerCase())),
  /** Time zone JQL dates are read in: the time zone of the Jira account used. */
  timeZone: z
    .string()
    .min(1)
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Europe/Berlin')
    .default('UTC'),
  /** Minutes re-read before the cursor (JQL has minute precision); duplicates are skipped. */
  overlapMinutes: z.number().int().min(1).max(1440).default(5),
  pageSize: z.number().int().min(1).max(100).default(50),
  /** Labels with this prefix name AI systems (`ai-system:credit-scoring`). */
  aiSystemLabelPrefix: z.string().min(1).default('ai-system:'),
  webhook: z
    .object({
      /** Shared secret: HMAC key for `X-Hub-Signature`, or the expected query-string token. */
      secret: z.string().min(16),
      /** Query-string parameter carrying the token when the webhook is not signed. */
      tokenParam: z.string().min(1).default('token'),
    })
    .optional(),
});

export type JiraConfigInput = z.input<typeof jiraConfigSchema>;
export type JiraConfig = z.output<typeof jiraConfigSchema>;

/** Secret values in a config (for redaction). */
export function jiraSecrets(config: JiraConfig): string[] {
  const secrets = config.auth.type === 'basic' ? [config.auth.apiToken] : [config.auth.token];
  if (config.webhook !== undefined) secrets.push(config.webhook.secret);
  return secrets;
}
