import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  alongsideFieldIssues,
  catalogueEnv,
  checkKafkaEnv,
  commonEnv,
  kafkaEnv,
  positiveInt,
} from './fragments.js';
import { secret } from './meta.js';
import { envReferenceMarkdown, envVariables } from './reference.js';

const schema = z
  .object({
    ...commonEnv,
    ...catalogueEnv,
    ...kafkaEnv,
    BATCH: positiveInt(500).describe('Records per batch.'),
    TOKEN: secret(z.string().min(1).optional(), 'A token | with a pipe.'),
  })
  .superRefine(checkKafkaEnv, alongsideFieldIssues);

describe('the env reference', () => {
  it('lists every variable of a refined schema with required, default, secret and description', () => {
    const variables = envVariables(schema);
    const byName = new Map(variables.map((v) => [v.name, v]));
    expect(variables.map((v) => v.name).slice(0, 4)).toEqual([
      'LOG_LEVEL',
      'HEALTH_PORT',
      'HEALTH_HOST',
      'AIMS_CONFIG',
    ]);
    expect(byName.get('DATABASE_URL')).toEqual({
      name: 'DATABASE_URL',
      required: true,
      secret: true,
      description: expect.stringContaining('postgres://user:password@host:5432/db'),
    });
    expect(byName.get('HEALTH_PORT')).toMatchObject({ required: false, default: '9464', secret: false });
    // Through the transform of a flag, and a default of a coerced number.
    expect(byName.get('KAFKA_SSL')).toMatchObject({
      default: 'false',
      description: expect.stringContaining('TLS'),
    });
    expect(byName.get('BATCH')).toEqual({
      name: 'BATCH',
      required: false,
      default: '500',
      secret: false,
      description: 'Records per batch.',
    });
    expect(byName.get('KAFKA_SASL_PASSWORD')).toMatchObject({ required: false, secret: true });
    expect(byName.get('KAFKA_BROKERS')).toMatchObject({
      required: false,
      description: expect.stringContaining('EVENT_BUS=kafka'),
    });
    expect(variables.filter((v) => v.description === '').map((v) => v.name)).toEqual([]);
  });

  it('writes one Markdown table per service, escaping pipes', () => {
    const text = envReferenceMarkdown(
      [
        {
          service: 'normaliser',
          command: 'node services/normaliser/dist/main.js',
          summary: 'Raw to artifacts.',
          schema,
        },
      ],
      '# Environment variables',
    );
    expect(text).toContain('## normaliser\n\n`node services/normaliser/dist/main.js`: Raw to artifacts.');
    expect(text).toContain('| `DATABASE_URL` | **required** | secret |');
    expect(text).toContain('| `BATCH` | `500` |  | Records per batch. |');
    expect(text).toContain('| `TOKEN` | optional | secret | A token \\| with a pipe. |');
  });
});
