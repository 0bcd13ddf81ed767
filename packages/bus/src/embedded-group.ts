import { retryDelayMs } from './errors.js';
import type { BatchHandler, DeliveredMessage, MessageBatch } from './port.js';

export interface MemberSpec {
  topics: string[];
  handler: BatchHandler;
  concurrency: number;
  maxBatchSize: number;
  fromBeginning: boolean;
}

export interface EmbeddedMember extends MemberSpec {
  active: number;
  abort: AbortController;
  running: Set<Promise<void>>;
}

/** One partition of the embedded log: entries[i] has offset base + i. */
export interface PartitionLog {
  base: number;
  entries: DeliveredMessage[];
}

export interface GroupContext {
  partitionsOf(topic: string): PartitionLog[];
  /** Told after a commit, so the bus can drop messages every group has consumed. */
  onCommit(topic: string, partition: number): void;
  onHandlerError: ((error: unknown, batch: MessageBatch) => void) | undefined;
}

const slot = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/**
 * One consumer group of the embedded bus: committed offsets per partition, members that share
 * partitions (partition i of a topic goes to member i mod n of the members reading it), and at
 * most one batch in flight per partition, so order per partition holds across rebalances.
 */
export class EmbeddedGroup {
  private members: EmbeddedMember[] = [];
  private readonly offsets = new Map<string, number>();
  private readonly busy = new Set<string>();
  private readonly backingOff = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private scheduled = false;

  constructor(
    readonly groupId: string,
    private readonly context: GroupContext,
  ) {}

  join(spec: MemberSpec): EmbeddedMember {
    const member: EmbeddedMember = { ...spec, active: 0, abort: new AbortController(), running: new Set() };
    for (const topic of spec.topics) {
      this.context.partitionsOf(topic).forEach((log, partition) => {
        const id = slot(topic, partition);
        if (!this.offsets.has(id))
          this.offsets.set(id, spec.fromBeginning ? log.base : log.base + log.entries.length);
      });
    }
    this.members.push(member);
    this.wake();
    return member;
  }

  /** Stops giving the member work, waits for its running batches (they commit if they succeed). */
  async leave(member: EmbeddedMember): Promise<void> {
    if (this.members.includes(member)) {
      this.members = this.members.filter((m) => m !== member);
      member.abort.abort();
    }
    await Promise.allSettled([...member.running]);
    this.wake();
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.members.map((member) => this.leave(member)));
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  committed(topic: string, partition: number): number | undefined {
    return this.offsets.get(slot(topic, partition));
  }

  /** Schedules a delivery round on the next turn of the event loop. */
  wake(): void {
    if (this.scheduled || this.members.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const topics = new Set(this.members.flatMap((m) => m.topics));
    for (const topic of topics) {
      const owners = this.members.filter((m) => m.topics.includes(topic));
      const partitions = this.context.partitionsOf(topic);
      partitions.forEach((log, partition) => {
        const id = slot(topic, partition);
        if (this.busy.has(id) || this.backingOff.has(id)) return;
        // A group that never read this partition starts at the oldest message still kept.
        const committed = Math.max(this.offsets.get(id) ?? log.base, log.base);
        this.offsets.set(id, committed);
        const start = committed - log.base;
        if (start >= log.entries.length) return;
        const owner = owners[partition % owners.length];
        if (!owner || owner.active >= owner.concurrency) return;
        this.dispatch(owner, {
          topic,
          partition,
          messages: log.entries.slice(start, start + owner.maxBatchSize),
          highWatermark: String(log.base + log.entries.length),
        });
      });
    }
  }

  private dispatch(owner: EmbeddedMember, batch: MessageBatch): void {
    const id = slot(batch.topic, batch.partition);
    const start = this.offsets.get(id) ?? 0;
    this.busy.add(id);
    owner.active += 1;
    const run = (async () => {
      try {
        await owner.handler(batch, { heartbeat: async () => {}, signal: owner.abort.signal });
        this.offsets.set(id, start + batch.messages.length);
        this.failures.delete(id);
        this.context.onCommit(batch.topic, batch.partition);
      } catch (error) {
        this.backOff(id, batch, error);
      } finally {
        this.busy.delete(id);
        owner.active -= 1;
        this.wake();
      }
    })();
    owner.running.add(run);
    void run.finally(() => owner.running.delete(run));
  }

  private backOff(id: string, batch: MessageBatch, error: unknown): void {
    const failures = (this.failures.get(id) ?? 0) + 1;
    this.failures.set(id, failures);
    this.context.onHandlerError?.(error, batch);
    this.backingOff.add(id);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.backingOff.delete(id);
      this.wake();
    }, retryDelayMs(failures));
    this.timers.add(timer);
  }
}
