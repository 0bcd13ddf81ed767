import type { DeadLetterItem, EventBus, MessageBatch, Subscription } from '@aims/bus';
import { publishDeadLetters } from '@aims/bus';
import type { Actor, Catalogue, ControlScoreRecord } from '@aims/catalogue';
import {
  type ArtifactChangedEvent,
  type ControlScoredEvent,
  controlScoreKey,
  decodeMessage,
  dlqTopic,
  publish,
  type TopicNames,
  topicCatalogue,
} from '@aims/core';
import type { ControlLibrary, IncrementalScorer, KpiDefinition, ScoringContext } from '@aims/scoring';
import type { Logger } from 'pino';
import { ExpiryTimer } from './expiry-timer.js';
import { GapTracker } from './gaps.js';
import { KpiTracker } from './kpis.js';
import { AiSystemScopes, type InventoryEntry } from './scopes.js';
import { SourceReads } from './source-reads.js';
import {
  currentArtifacts,
  figuresOf,
  type ScoreFigures,
  sameFigures,
  scoredEventOf,
  scoreRecordOf,
  warmScorer,
} from './state.js';

export interface ScorerOptions {
  bus: EventBus;
  catalogue: Catalogue;
  /** Topic names (`defaultTopics`, or `prefixedTopics(prefix)` for an isolated environment). */
  topics: TopicNames;
  /** Consumer group of the changed topic; the harvest-run topic is read as `<groupId>-runs`. */
  groupId: string;
  library: ControlLibrary;
  /** Workspaces warmed at start; others are warmed on their first event. */
  workspaces: readonly string[];
  /** The configured AI systems of a workspace (each is scored over its own evidence too). */
  inventoryFor?: (workspace: string) => readonly InventoryEntry[];
  /** The KPIs of a workspace (config `kpis:`), computed and recorded after each evaluation. */
  kpisFor?: (workspace: string) => readonly KpiDefinition[];
  logger: Logger;
  now?: () => Date;
}

export interface Scorer {
  start(): Promise<void>;
  stop(): Promise<void>;
  handleBatch(batch: MessageBatch): Promise<void>;
  /** Re-evaluates controls whose evidence went stale by now (what the expiry timer runs). */
  rescoreExpired(): Promise<void>;
  /** Earliest armed wake-up (epoch ms), for tests and health checks. */
  readonly nextWakeAt: number | undefined;
}

const actor: Actor = { type: 'service', id: 'scorer' };

/**
 * The scorer: warms an incremental scorer per workspace from the catalogue, rescores the controls
 * each artifact change touches, stores scores, gaps, AI-system scores and KPIs, and publishes the scores
 * whose figures moved. A timer at the earliest expiry rescores without any new event.
 */
export function createScorer(options: ScorerOptions): Scorer {
  const { bus, catalogue, topics, logger, library } = options;
  const typed = topicCatalogue(topics);
  const now = options.now ?? (() => new Date());
  const scorers = new Map<string, IncrementalScorer>();
  const scopes = new Map<string, AiSystemScopes>();
  const gaps = new GapTracker(catalogue);
  const reads = new SourceReads(catalogue);
  const kpis = new KpiTracker(catalogue, options.kpisFor ?? (() => []));
  let runsSubscription: Subscription | undefined;
  /** The inventory and the sources' last reads, as scoring of a workspace needs them now. */
  const contextOf = (workspace: string): ScoringContext => ({
    inventory: { aiSystems: (options.inventoryFor?.(workspace) ?? []).map(defined) },
    sourceReads: reads.of(workspace),
  });
  const published = new Map<string, ScoreFigures>();
  let subscription: Subscription | undefined;
  // Batches and timer wake-ups run one at a time, so scores are written in evaluation order.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  const timer = new ExpiryTimer(() => {
    serial(rescoreAll).catch((error: unknown) => logger.error({ err: error }, 'rescoring at expiry failed'));
  });

  async function scorerFor(workspace: string): Promise<IncrementalScorer> {
    let scorer = scorers.get(workspace);
    if (!scorer) {
      const artifacts = await currentArtifacts(catalogue, workspace);
      await reads.warm(workspace);
      const context = contextOf(workspace);
      scorer = warmScorer(library, artifacts, context);
      const systems = new AiSystemScopes(library, options.inventoryFor?.(workspace) ?? [], context);
      systems.load(artifacts);
      kpis.load(workspace, artifacts);
      await gaps.warm(workspace);
      scorers.set(workspace, scorer);
      scopes.set(workspace, systems);
      for (const score of await catalogue.getScores(workspace)) {
        published.set(controlScoreKey(workspace, score.controlId), figuresOf(score));
      }
      logger.info({ workspace, artifacts: scorer.size }, 'scorer warmed');
    }
    return scorer;
  }

  /** Evaluates one workspace, stores recomputed scores and publishes the ones whose figures moved. */
  async function evaluate(
    workspace: string,
    triggerFor: (controlId: string) => ControlScoredEvent['trigger'],
    all = false,
  ): Promise<number> {
    const scorer = await scorerFor(workspace);
    const at = now();
    const evaluation = scorer.evaluateAt(at);
    const recomputed = new Set(scorer.lastRecomputed);
    const records: ControlScoreRecord[] = evaluation.controls
      .filter((c) => all || recomputed.has(c.controlId))
      .map((c) => scoreRecordOf(workspace, c, at.toISOString()));
    timer.arm(evaluation.nextExpiryAt);
    if (records.length > 0) await catalogue.putScores(records, actor);
    timer.arm(await gaps.advance(workspace, undefined, evaluation, at));
    await kpis.record(workspace, evaluation, gaps.openOf(workspace), at);
    await scoreSystems(workspace, at, all);
    if (records.length === 0) return 0;
    const events: ControlScoredEvent[] = [];
    for (const record of records) {
      const figures = figuresOf(record);
      const previous = published.get(controlScoreKey(workspace, record.controlId));
      if (sameFigures(previous, figures)) continue;
      events.push(scoredEventOf(record, previous, triggerFor(record.controlId)));
    }
    await publish(bus, typed.scored, events);
    for (const record of records)
      published.set(controlScoreKey(workspace, record.controlId), figuresOf(record));
    return events.length;
  }

  /** Scores each AI system's evidence, keeping its record and its gaps current. */
  async function scoreSystems(workspace: string, at: Date, all: boolean): Promise<void> {
    const systems = scopes.get(workspace);
    if (!systems) return;
    const records = [];
    for (const id of systems.systems) {
      const evaluation = systems.evaluateAt(id, at);
      timer.arm(evaluation.nextExpiryAt);
      timer.arm(await gaps.advance(workspace, id, evaluation, at));
      // An unchanged evaluation (nothing recomputed) need not be encoded and compared again.
      if (all || systems.recomputedLast(id)) records.push(systems.recordOf(workspace, id, evaluation));
    }
    if (records.length > 0) await catalogue.putAiSystemScores(records);
  }

  /** A finished harvest run: a source read moves last-read limits, which may change scores. */
  async function handleRuns(batch: MessageBatch): Promise<void> {
    const moved = new Set<string>();
    for (const message of batch.messages) {
      // Runs the scorer cannot read change no last-read limit; the harvester validated them.
      const checked = decodeMessage(typed.harvestRuns, message.value);
      if (!checked.ok || !scorers.has(checked.value.workspace)) continue;
      if (reads.record(checked.value)) moved.add(checked.value.workspace);
    }
    for (const workspace of moved) {
      const context = contextOf(workspace);
      scorers.get(workspace)?.setContext(context);
      scopes.get(workspace)?.setContext(context);
      await evaluate(workspace, () => ({ reason: 'expiry' }));
    }
  }

  async function rescoreAll(): Promise<void> {
    for (const workspace of scorers.keys()) await evaluate(workspace, () => ({ reason: 'expiry' }));
  }

  async function handleBatch(batch: MessageBatch): Promise<void> {
    const dead: DeadLetterItem[] = [];
    const touched = new Map<string, Map<string, string>>();
    for (const message of batch.messages) {
      const checked = decodeMessage(typed.changed, message.value);
      if (!checked.ok) {
        dead.push({
          message,
          reason: {
            stage: 'scorer.decode',
            error: { code: 'invalid_event', message: checked.error.message },
          },
        });
        continue;
      }
      const event: ArtifactChangedEvent = checked.value;
      const artifact = event.artifact;
      const scorer = await scorerFor(artifact.workspace);
      scopes.get(artifact.workspace)?.upsert(artifact);
      kpis.upsert(artifact);
      if (!scorer.upsert(artifact)) continue;
      const lastKeyByControl = touched.get(artifact.workspace) ?? new Map<string, string>();
      // Controls whose requirements select the kind, and those an audit finding (or its corrective action) names.
      for (const controlId of [...scorer.controlsSelecting(artifact.kind), ...scorer.lastFindingControls])
        lastKeyByControl.set(controlId, artifact.key);
      touched.set(artifact.workspace, lastKeyByControl);
    }
    for (const [workspace, keys] of touched) {
      await evaluate(workspace, (controlId) => {
        const artifactKey = keys.get(controlId);
        return artifactKey ? { reason: 'artifact_changed', artifactKey } : { reason: 'expiry' };
      });
    }
    if (dead.length > 0) await publishDeadLetters(bus, dead);
  }

  return {
    get nextWakeAt() {
      return timer.armedAt;
    },
    handleBatch: (batch) => serial(() => handleBatch(batch)),
    rescoreExpired: () => serial(rescoreAll),
    async start() {
      await bus.ensureTopics([
        { topic: topics.changed },
        { topic: dlqTopic(topics.changed) },
        { topic: topics.scored },
        { topic: topics.harvestRuns },
      ]);
      for (const workspace of options.workspaces) {
        await serial(() =>
          scorerFor(workspace).then(() => evaluate(workspace, () => ({ reason: 'full_rescore' }), true)),
        );
      }
      subscription = await bus.subscribe({
        groupId: options.groupId,
        topics: [topics.changed],
        handler: (batch) => serial(() => handleBatch(batch)),
      });
      // Only runs from now on matter: earlier ones were read from the catalogue when warming.
      runsSubscription = await bus.subscribe({
        groupId: `${options.groupId}-runs`,
        topics: [topics.harvestRuns],
        fromBeginning: false,
        handler: (batch) => serial(() => handleRuns(batch)),
      });
      logger.info({ groupId: options.groupId, workspaces: options.workspaces }, 'scorer consuming');
    },
    async stop() {
      await subscription?.stop();
      subscription = undefined;
      await runsSubscription?.stop();
      runsSubscription = undefined;
      timer.clear();
      await queue;
    },
  };
}

/** The entry without its undefined fields (the scoring context's optional fields are exact). */
function defined(
  entry: InventoryEntry,
): NonNullable<NonNullable<ScoringContext['inventory']>['aiSystems']>[number] {
  const out: Record<string, string> = { id: entry.id };
  for (const [key, value] of Object.entries(entry)) if (typeof value === 'string') out[key] = value;
  return out as unknown as NonNullable<NonNullable<ScoringContext['inventory']>['aiSystems']>[number];
}
