import type { Actor, ControlScoreRecord, GapRecord } from '@aims/catalogue';
import { configErrorAt, type JiraTicketsConfig, resolveSecret } from '@aims/config';
import { ConnectorError } from '@aims/connector-sdk';
import { AccountResolver } from './assignees.js';
import { TicketSyncError } from './errors.js';
import { JiraGateway } from './jira-gateway.js';
import { forEachLimited } from './limit.js';
import { checkJiraConfig } from './metadata.js';
import type { GapSyncFailure, GapSyncOutcome, SyncGapsResult, SyncGapsToJiraOptions } from './options.js';
import { plannedOutcomes, settle } from './outcomes.js';
import { type GapPlan, planGap } from './plan.js';
import { readManagedTickets, readTicket } from './read-back.js';
import {
  BULK_CREATE_LIMIT,
  closeTicket,
  createTickets,
  describeFailure,
  editTicket,
  type WriteContext,
  type WriteResult,
} from './writes.js';

const defaultActor: Actor = { type: 'service', id: 'ticket-sync' };

async function jiraSection(options: SyncGapsToJiraOptions): Promise<JiraTicketsConfig> {
  const jira = options.config.tickets?.jira;
  if (jira !== undefined) return jira;
  throw await configErrorAt(options.configFile, [
    {
      path: ['tickets'],
      message: 'no tickets.jira section: say which Jira site and project gap tickets go to',
    },
  ]);
}

/** Reads the managed tickets; a refused search caused by the config becomes a ConfigError. */
async function readBack(gateway: JiraGateway, jira: JiraTicketsConfig, configFile: string) {
  try {
    return await readManagedTickets(gateway, jira);
  } catch (error) {
    const status = error instanceof ConnectorError ? error.context?.status : undefined;
    // JQL naming a project that does not exist is a 400: let the config check name the line.
    if (status === 400) await checkJiraConfig(gateway, jira, configFile);
    const message = error instanceof Error ? error.message : String(error);
    throw new TicketSyncError(
      'jira_read_failed',
      `reading the gap tickets of project ${jira.project} from ${jira.baseUrl} failed: ${message}`,
      { cause: error, retriable: error instanceof ConnectorError && error.retriable },
    );
  }
}

type WritePlan = Extract<GapPlan, { action: 'create' | 'edit' | 'close' }>;

/** One unit of writing: a bulk create of up to 50 gaps, or one gap's edit or closing. */
interface WriteTask {
  plans: readonly WritePlan[];
  run: () => Promise<WriteResult[]>;
}

/** The current scores of the controls whose gaps close in this run (their closing evidence). */
async function closingScores(
  options: SyncGapsToJiraOptions,
  writes: readonly WritePlan[],
): Promise<Map<string, ControlScoreRecord>> {
  const closing = [
    ...new Set(writes.filter((plan) => plan.action === 'close').map((plan) => plan.gap.controlId)),
  ];
  const scores =
    closing.length === 0 ? [] : await options.catalogue.getScores(options.config.workspace, closing);
  return new Map(scores.map((score) => [score.controlId, score]));
}

/** Everything writes need, gathered once per run: the checked config, the closing scores, the owners. */
async function writeContext(
  gateway: JiraGateway,
  jira: JiraTicketsConfig,
  options: SyncGapsToJiraOptions,
  writes: readonly WritePlan[],
): Promise<WriteContext> {
  const metadata = await checkJiraConfig(gateway, jira, options.configFile);
  return {
    gateway,
    jira,
    metadata,
    accounts: new AccountResolver(gateway, options.accountCache ?? new Map()),
    scores: await closingScores(options, writes),
  };
}

function writeTasks(ctx: WriteContext, writes: readonly WritePlan[]): WriteTask[] {
  const creates = writes.filter((plan) => plan.action === 'create');
  const tasks: WriteTask[] = [];
  for (let i = 0; i < creates.length; i += BULK_CREATE_LIMIT) {
    const batch = creates.slice(i, i + BULK_CREATE_LIMIT);
    tasks.push({ plans: batch, run: () => createTickets(ctx, batch) });
  }
  for (const plan of writes) {
    if (plan.action === 'edit') tasks.push({ plans: [plan], run: async () => [await editTicket(ctx, plan)] });
    if (plan.action === 'close')
      tasks.push({ plans: [plan], run: async () => [await closeTicket(ctx, plan)] });
  }
  return tasks;
}

/**
 * Syncs the workspace's gaps to Jira: one issue per open gap (assigned to the gap's owner, due on
 * the gap's due date, labelled `<label>` and `<label>-<gap id>`), updated when the gap changes, and
 * moved to done with a comment citing the closing evidence when the gap closes. Idempotent: a run
 * with nothing changed makes no write and one read per 100 tickets (a paged search by label; the
 * per-gap fingerprints kept in the catalogue make per-issue reads unnecessary). Reads each ticket's
 * status and assignee back onto the gap's link and flags a ticket done while its gap is open.
 *
 * Throws a ConfigError (file, line, problem) for a config Jira does not accept, SecretMissingError
 * for an unset credential variable, TicketSyncError when Jira cannot be read at all. A gap whose
 * ticket cannot be written does not stop the others: it is in `failures` with its id and why.
 *
 * With `dryRun` it reads what a run reads (and checks the config against the site when there is
 * something to write) and reports what it would do, writing nothing to Jira or the catalogue.
 */
export async function syncGapsToJira(options: SyncGapsToJiraOptions): Promise<SyncGapsResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const jira = await jiraSection(options);
  const { catalogue, config } = options;
  const workspace = config.workspace;
  const gateway = new JiraGateway({
    baseUrl: jira.baseUrl,
    email: resolveSecret(jira.emailEnv, options.env, 'tickets.jira.emailEnv'),
    apiToken: resolveSecret(jira.apiTokenEnv, options.env, 'tickets.jira.apiTokenEnv'),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    now: () => now().getTime(),
    ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
    ...(jira.requestsPerSecond === undefined ? {} : { requestsPerSecond: jira.requestsPerSecond }),
  });

  const [gaps, links] = await Promise.all([
    catalogue.listGaps(workspace),
    catalogue.listGapTickets(workspace, { system: 'jira' }),
  ]);
  // The workspace's own gaps; an AI system's view repeats them for its evidence.
  const own = gaps.filter((gap) => gap.aiSystem === undefined);
  const linkOfGap = new Map(links.map((link) => [link.gapId, link]));
  const found = await readBack(gateway, jira, options.configFile);
  const input = (gap: GapRecord) => ({
    gap,
    link: linkOfGap.get(gap.id),
    found: found.get(gap.id),
    jira,
    owners: config.owners,
  });
  let plans: GapPlan[] = own.map((gap) => planGap(input(gap)));

  const failures: GapSyncFailure[] = [];
  const report = (gap: GapRecord, operation: string, error: unknown, issueKey?: string) => {
    const failure: GapSyncFailure = {
      gapId: gap.id,
      controlId: gap.controlId,
      operation,
      ...describeFailure(error, gateway.secrets),
    };
    if (issueKey !== undefined) failure.issueKey = issueKey;
    failures.push(failure);
    options.logger?.warn({ workspace, ...failure }, 'gap ticket sync failed');
  };

  // A linked ticket the search missed (deleted, or not indexed yet): read it by key, then plan again.
  const failed = new Set<string>();
  const verified = await forEachLimited(plans, jira.concurrency, async (plan): Promise<GapPlan> => {
    if (plan.action !== 'verify') return plan;
    try {
      const ticket = await readTicket(gateway, plan.link.issueKey);
      return planGap(
        ticket === undefined ? { ...input(plan.gap), gone: true } : { ...input(plan.gap), found: [ticket] },
      );
    } catch (error) {
      report(plan.gap, 'ticket read', error, plan.link.issueKey);
      failed.add(plan.gap.id);
      return { action: 'none', gap: plan.gap };
    }
  });
  plans = verified.map((outcome, index) =>
    outcome.status === 'fulfilled' ? outcome.value : { action: 'none', gap: (plans[index] as GapPlan).gap },
  );

  const writes = plans.filter(
    (plan): plan is WritePlan =>
      plan.action === 'create' || plan.action === 'edit' || plan.action === 'close',
  );
  const finish = (outcomes: GapSyncOutcome[]): SyncGapsResult => {
    const counts = { created: 0, updated: 0, closed: 0, unchanged: 0, failed: 0, flagged: 0 };
    for (const outcome of outcomes) {
      counts[outcome.action] += 1;
      if (outcome.flag !== undefined) counts.flagged += 1;
    }
    const result: SyncGapsResult = {
      workspace,
      project: jira.project,
      dryRun: options.dryRun === true,
      startedAt,
      finishedAt: now().toISOString(),
      counts,
      outcomes,
      failures,
      requests: { ...gateway.stats },
    };
    options.logger?.info(
      { workspace, project: jira.project, dryRun: result.dryRun, counts, requests: result.requests },
      result.dryRun ? 'gap ticket sync planned (dry run)' : 'gap tickets synced',
    );
    return result;
  };
  if (options.dryRun === true) {
    if (writes.length > 0) await checkJiraConfig(gateway, jira, options.configFile);
    return finish(plannedOutcomes(plans, failed, linkOfGap, await closingScores(options, writes)));
  }

  const results = new Map<string, WriteResult>();
  if (writes.length > 0) {
    const ctx = await writeContext(gateway, jira, options, writes);
    const tasks = writeTasks(ctx, writes);
    const settled = await forEachLimited(tasks, jira.concurrency, (task) => {
      if (options.signal?.aborted)
        throw new ConnectorError('aborted', 'the sync was aborted before this write');
      return task.run();
    });
    settled.forEach((outcome, index) => {
      const task = tasks[index] as WriteTask;
      const done: WriteResult[] =
        outcome.status === 'fulfilled'
          ? outcome.value
          : task.plans.map((plan) => ({
              ok: false,
              gap: plan.gap,
              operation: 'write',
              error: outcome.reason,
            }));
      for (const result of done) {
        results.set(result.gap.id, result);
        if (!result.ok) report(result.gap, result.operation, result.error, result.issueKey);
      }
    });
  }

  const { stored, outcomes } = settle(plans, results, failed, linkOfGap, jira, now().toISOString());
  await catalogue.putGapTickets(stored, options.actor ?? defaultActor);
  return finish(outcomes);
}
