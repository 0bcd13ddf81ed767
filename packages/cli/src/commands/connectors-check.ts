import type { CheckResult } from '@aims/connector-sdk';
import { Command } from 'commander';
import type { CommandContext, RegisterCommand } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { apiClientOf } from '../source/api.js';
import { apiOption, type Source, type SourceFlags, sourceOf, workspaceOptions } from '../source/options.js';
import { loadConnectors, openWorkspace } from '../source/workspace.js';

/** One instance's lines, and whether it makes the answer no. */
interface Checked {
  lines: string[];
  bad: boolean;
}

function checkLines(head: string, result: CheckResult): Checked {
  const lines = [
    `${head}: ${result.ok ? 'ok' : result.missing.length > 0 ? 'missing permissions' : 'failed'}${result.identity ? `, as ${result.identity}` : ''}${!result.ok && result.message ? `: ${result.message}` : ''}`,
  ];
  for (const missing of result.missing) lines.push(`  missing  ${missing.permission}: ${missing.reason}`);
  for (const granted of result.granted ?? []) lines.push(`  granted  ${granted}`);
  return { lines, bad: !result.ok };
}

/** Runs each enabled instance's check() with its secrets from the environment. */
async function checkLocally(
  source: Extract<Source, { kind: 'embedded' }>,
  context: CommandContext,
): Promise<Checked[]> {
  const { io } = context;
  const [{ config }, connectors] = await Promise.all([openWorkspace(source.paths, io.cwd), loadConnectors()]);
  const [{ ConnectorError, runCheck }, { resolveSecretRefs, SecretMissingError }] = await Promise.all([
    import('@aims/connector-sdk'),
    import('@aims/config'),
  ]);
  const checked: Checked[] = [];
  for (const instance of config.connectors) {
    const head = `${instance.instance} (${instance.connector})`;
    if (!instance.enabled) {
      checked.push({ lines: [`${head}: disabled, not checked`], bad: false });
      continue;
    }
    const connector = connectors.get(instance.connector);
    if (!connector) {
      const known = [...connectors.keys()].sort().join(', ');
      checked.push({ lines: [`${head}: not checked: unknown connector; known: ${known}`], bad: true });
      continue;
    }
    let resolved: Record<string, unknown>;
    try {
      resolved = resolveSecretRefs(instance.config, io.env ?? {}, `connectors.${instance.instance}.config`);
    } catch (error) {
      if (!(error instanceof SecretMissingError)) throw error;
      checked.push({ lines: [`${head}: not checked: ${error.message}`], bad: true });
      continue;
    }
    let result: CheckResult;
    try {
      result = await runCheck({
        connector,
        config: resolved,
        workspace: config.workspace,
        instance: instance.instance,
      });
    } catch (error) {
      // The config its connector rejects: the check cannot even start.
      if (!(error instanceof ConnectorError)) throw error;
      checked.push({ lines: [`${head}: not checked: ${error.message}`], bad: true });
      continue;
    }
    checked.push(checkLines(head, result));
  }
  return checked;
}

/** The server's view: each instance's status after its last run, and the last error. */
async function checkThroughApi(source: Extract<Source, { kind: 'api' }>): Promise<Checked[]> {
  const connectors = await apiClientOf(source).listConnectors();
  return connectors.map((instance) => {
    const head = `${instance.instance} (${instance.connector})`;
    const last = instance.lastRun
      ? `, last run ${instance.lastRun.status} at ${instance.lastRun.finishedAt ?? instance.lastRun.startedAt}`
      : '';
    const lines = [`${head}: ${instance.enabled ? instance.status.replaceAll('_', ' ') : 'disabled'}${last}`];
    if (instance.lastError)
      lines.push(
        `  error    ${instance.lastError.code}: ${instance.lastError.message}${instance.lastError.at ? ` (${instance.lastError.at})` : ''}`,
      );
    return { lines, bad: instance.enabled && instance.status === 'failing' };
  });
}

async function checkAction(flags: SourceFlags, context: CommandContext): Promise<void> {
  const source = sourceOf(flags, context.io);
  const checked = source.kind === 'api' ? await checkThroughApi(source) : await checkLocally(source, context);
  if (checked.length === 0) context.io.out('No connector instances are configured.\n');
  for (const entry of checked) context.io.out(`${entry.lines.join('\n')}\n`);
  context.exit(checked.some((entry) => entry.bad) ? EXIT.rejected : EXIT.ok);
}

/** `aims connectors check`: whether each instance's credentials work and what they cannot do. */
export const registerConnectorsCheck: RegisterCommand = (parent, context) => {
  parent.addCommand(
    apiOption(
      workspaceOptions(
        new Command('check').description(
          "run each enabled connector instance's check(): do its credentials work, and which permissions are missing",
        ),
      ),
    )
      .addHelpText(
        'after',
        '\nSecrets come from the environment, as the config’s `<name>Env: VAR` references say.\nWith --api it prints the server’s view instead (GET /v1/connectors: status after the last run, last error).\nExit codes: 0 every enabled instance is ok, 1 one is not (missing permissions, failed, secret not set;\nwith --api: failing), 2 usage, 3 unusable config, 4 API unreachable, 5 API refused the key.',
      )
      .action((flags: SourceFlags) => checkAction(flags, context)),
  );
};
