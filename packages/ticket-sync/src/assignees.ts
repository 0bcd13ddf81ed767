import type { TicketOwner } from './content.js';
import type { JiraGateway } from './jira-gateway.js';

/**
 * Jira account ids of gap owners, by email, looked up once (GET /rest/api/3/user/search) and kept
 * in `cache` (null: nobody found), which a scheduled job reuses from run to run.
 */
export class AccountResolver {
  readonly #pending = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly gateway: JiraGateway,
    private readonly cache: Map<string, string | null>,
  ) {}

  /** The owner's account id; undefined when the owner is unknown or has no Jira account we can see. */
  resolve(owner: TicketOwner | undefined): Promise<string | undefined> {
    if (owner === undefined) return Promise.resolve(undefined);
    if (owner.accountId !== undefined) return Promise.resolve(owner.accountId);
    if (owner.email === undefined) return Promise.resolve(undefined);
    const email = owner.email.toLowerCase();
    const cached = this.cache.get(email);
    if (cached !== undefined) return Promise.resolve(cached ?? undefined);
    let pending = this.#pending.get(email);
    if (pending === undefined) {
      pending = this.#lookup(email);
      this.#pending.set(email, pending);
    }
    return pending;
  }

  async #lookup(email: string): Promise<string | undefined> {
    const users = await this.gateway.read('user search', (client) =>
      client.userSearch.findUsers({ query: email, maxResults: 10 }),
    );
    const people = users.filter((user) => user.active && user.accountType !== 'app');
    // Jira hides most emails; a single active match for the query is the person.
    const match =
      people.find((user) => user.emailAddress?.toLowerCase() === email) ??
      (people.length === 1 ? people[0] : undefined);
    this.cache.set(email, match?.accountId ?? null);
    return match?.accountId;
  }
}
