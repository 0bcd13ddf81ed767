import type { CheckResult } from './connector.js';
import { prepareRun } from './context.js';
import { toConnectorError } from './errors.js';
import type { RunHarvestOptions } from './harvest-types.js';
import { redactError, redactSecrets } from './logger.js';

export type RunCheckOptions = Pick<
  RunHarvestOptions<unknown, unknown, unknown>,
  | 'connector'
  | 'config'
  | 'workspace'
  | 'instance'
  | 'logger'
  | 'now'
  | 'signal'
  | 'etagCache'
  | 'fetch'
  | 'retryPolicy'
  | 'sleep'
>;

/** Validates the config and runs the connector's `check()`; failures become `ok: false`, redacted. */
export async function runCheck(options: RunCheckOptions): Promise<CheckResult> {
  const { connector, ctx, secrets } = prepareRun(options);
  try {
    const client = connector.createClient ? await connector.createClient(ctx) : ctx.http;
    return await connector.check({ ...ctx, client });
  } catch (error) {
    const failure = redactError(toConnectorError(error), secrets);
    return { ok: false, missing: [], message: `${failure.code}: ${redactSecrets(failure.message, secrets)}` };
  }
}
