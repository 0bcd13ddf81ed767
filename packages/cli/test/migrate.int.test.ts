import { migrations } from '@aims/catalogue';
import { dropSchema, rig, runNames } from '@aims/service-kit/rig';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/index.js';
import { aims } from './harness.js';

const { schema } = runNames('climigrate');
afterAll(() => dropSchema(schema));

describe('aims migrate on PostgreSQL', () => {
  it('makes the schema, applies every migration once, and then finds nothing to do', async () => {
    const run = aims(process.cwd(), { DATABASE_URL: rig().databaseUrl, DATABASE_SCHEMA: schema });
    const first = await run('migrate');
    expect(first.code).toBe(EXIT.ok);
    for (const name of Object.keys(migrations)) expect(first.out).toContain(`  applied  ${name}\n`);
    expect(first.out).toContain(`(schema ${schema})`);
    const again = await run('migrate');
    expect(again.code).toBe(EXIT.ok);
    expect(again.out).toContain('already up to date');
  });
});
