import { resolveSecretRefs, type WorkspaceConfig } from '@aims/config';
import { AimsError } from '@aims/core';
import type { AnyConnector } from './engine.js';

/** One reason an enabled connector instance cannot run. */
export interface InstanceProblem {
  instance: string;
  /** The environment variable that is missing, when that is the problem. */
  variable?: string;
  message: string;
}

/** Enabled instances that cannot run; the message names every instance and variable, never a value. */
export class InstancesNotReadyError extends AimsError {
  readonly problems: readonly InstanceProblem[];

  constructor(file: string, problems: readonly InstanceProblem[]) {
    super(
      'instances_not_ready',
      `${file}: ${problems.length} problem(s) with enabled connector instances\n${problems
        .map((p) => `  connectors.${p.instance}: ${p.message}`)
        .join('\n')}`,
      { details: problems.map((p) => ({ path: `connectors.${p.instance}`, message: p.message })) },
    );
    this.problems = problems;
  }
}

/**
 * Checks, before any job runs, that every enabled instance can: its connector is registered,
 * every secret its config references (`tokenEnv: NAME`) is set in `env`, and the resolved config
 * passes the connector's own schema. Returns every problem found (empty when all can run).
 */
export function preflightInstances(
  config: WorkspaceConfig,
  connectors: ReadonlyMap<string, AnyConnector>,
  env: Readonly<Record<string, string | undefined>>,
): InstanceProblem[] {
  const problems: InstanceProblem[] = [];
  for (const instance of config.connectors) {
    if (!instance.enabled) continue;
    const connector = connectors.get(instance.connector);
    if (!connector) {
      const known = [...connectors.keys()].sort().join(', ');
      problems.push({
        instance: instance.instance,
        message: `unknown connector '${instance.connector}'; known: ${known}`,
      });
      continue;
    }
    // The config's own resolution rule, with every missing variable noted instead of the first thrown.
    const missing: string[] = [];
    const recording = new Proxy({} as Record<string, string>, {
      get: (_target, name) => {
        if (typeof name !== 'string') return undefined;
        const value = env[name];
        if (value !== undefined && value !== '') return value;
        missing.push(name);
        return 'unset';
      },
    });
    const resolved = resolveSecretRefs(instance.config, recording, `connectors.${instance.instance}.config`);
    for (const variable of missing) {
      problems.push({
        instance: instance.instance,
        variable,
        message: `environment variable ${variable} (a secret of its ${instance.connector} config) is not set or empty`,
      });
    }
    if (missing.length > 0) continue;
    const parsed = connector.configSchema.safeParse(resolved);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String).join('.') || '(config)';
        problems.push({ instance: instance.instance, message: `config.${path}: ${issue.message}` });
      }
    }
  }
  return problems;
}
