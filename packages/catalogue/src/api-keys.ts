import type { Kysely, Transaction } from 'kysely';
import { appendEntries, payloadHash } from './audit.js';
import type { Dialect } from './bulk.js';
import { instant } from './plan.js';
import type { Actor, ApiKeyRecord } from './port.js';
import type { ApiKeysTable, CatalogueDatabase } from './schema.js';

function recordOf(row: ApiKeysTable): ApiKeyRecord {
  const record = JSON.parse(row.doc) as ApiKeyRecord;
  if (row.revoked_at !== null) record.revokedAt = row.revoked_at;
  if (row.last_used_at !== null) record.lastUsedAt = row.last_used_at;
  return record;
}

export class ApiKeyStore {
  constructor(
    private readonly db: Kysely<CatalogueDatabase>,
    private readonly dialect: Dialect,
    private readonly write: <T>(
      work: (trx: Transaction<CatalogueDatabase>, now: string) => Promise<T>,
    ) => Promise<T>,
  ) {}

  create(record: ApiKeyRecord, actor: Actor): Promise<void> {
    return this.write(async (trx, now) => {
      const { revokedAt: _r, lastUsedAt: _l, ...doc } = record;
      await trx
        .insertInto('api_keys')
        .values({
          id: record.id,
          workspace: record.workspace,
          sha256: record.sha256,
          created_at: instant(record.createdAt, 'createdAt'),
          expires_at: record.expiresAt === undefined ? null : instant(record.expiresAt, 'expiresAt'),
          revoked_at: null,
          last_used_at: null,
          doc: JSON.stringify(doc),
        })
        .execute();
      await appendEntries(
        trx,
        [
          {
            action: 'api-key.created',
            subject: `${record.workspace}/api-key/${record.id}`,
            // The scopes and expiry are what the entry vouches for; the hash never leaves the table.
            payloadHash: payloadHash({
              name: record.name,
              scopes: record.scopes,
              expiresAt: record.expiresAt ?? null,
            }),
          },
        ],
        actor,
        now,
        this.dialect,
      );
    });
  }

  async findByHash(sha256: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return row ? recordOf(row) : undefined;
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? recordOf(row) : undefined;
  }

  async list(workspace?: string): Promise<ApiKeyRecord[]> {
    let query = this.db.selectFrom('api_keys').selectAll();
    if (workspace !== undefined) query = query.where('workspace', '=', workspace);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
    return rows.map(recordOf);
  }

  revoke(id: string, at: string, actor: Actor): Promise<boolean> {
    return this.write(async (trx, now) => {
      const row = await trx
        .selectFrom('api_keys')
        .select(['workspace', 'revoked_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row || row.revoked_at !== null) return false;
      await trx
        .updateTable('api_keys')
        .set({ revoked_at: instant(at, 'at') })
        .where('id', '=', id)
        .execute();
      await appendEntries(
        trx,
        [
          {
            action: 'api-key.revoked',
            subject: `${row.workspace}/api-key/${id}`,
            payloadHash: payloadHash({ revokedAt: at }),
          },
        ],
        actor,
        now,
        this.dialect,
      );
      return true;
    });
  }

  async markUsed(id: string, at: string): Promise<void> {
    await this.db
      .updateTable('api_keys')
      .set({ last_used_at: instant(at, 'at') })
      .where('id', '=', id)
      .execute();
  }
}
