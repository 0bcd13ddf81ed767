// The chart's environment against the services' env schemas: every variable the chart gives a
// process is one its schema knows, every secret comes from a Secret, every required variable is
// set. `services` is what `env-reference.ts --json` prints (service name -> variables).

/** The variables a container is given, by name, with where each comes from. */
function containerEnv(container, configMaps, where, problems) {
  const given = new Map();
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const data = configMaps.get(source.configMapRef.name);
      if (!data) {
        problems.push(
          `${where}: envFrom names ConfigMap ${source.configMapRef.name}, which the chart does not render`,
        );
        continue;
      }
      for (const name of Object.keys(data)) given.set(name, `ConfigMap ${source.configMapRef.name}`);
    } else {
      problems.push(
        `${where}: envFrom other than a ConfigMap cannot be checked; list the variables under env`,
      );
    }
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom?.secretKeyRef ? 'secret' : variable.valueFrom ? 'reference' : 'value';
    given.set(variable.name, from);
  }
  return given;
}

/** The process a workload runs: its component label (a Deployment's service, the Job's `migrate`). */
function componentOf(doc) {
  const labels = doc.spec?.template?.metadata?.labels ?? doc.metadata?.labels ?? {};
  return labels['app.kubernetes.io/component'];
}

/**
 * Problems of the rendered chart's environment, one line each (none: it matches).
 * `connectorEnv`: variables the workspace config names (connector tokens, webhook secrets), which
 * no schema lists; they must come from a Secret.
 */
export function checkChartEnv(docs, services, { connectorEnv = [] } = {}) {
  const problems = [];
  const configMaps = new Map(
    docs.filter((doc) => doc?.kind === 'ConfigMap').map((doc) => [doc.metadata.name, doc.data ?? {}]),
  );
  const connectorNames = new Set(connectorEnv);
  let checked = 0;
  for (const doc of docs) {
    if (doc?.kind !== 'Deployment' && doc?.kind !== 'Job') continue;
    const component = componentOf(doc);
    const variables = services[component];
    const where = `${doc.kind} ${doc.metadata.name}`;
    if (!variables) {
      problems.push(`${where} runs "${component}", which has no env schema in infra/deploy/ENV.md`);
      continue;
    }
    const byName = new Map(variables.map((variable) => [variable.name, variable]));
    for (const container of doc.spec.template.spec.containers ?? []) {
      checked++;
      const given = containerEnv(container, configMaps, where, problems);
      for (const [name, from] of given) {
        const variable = byName.get(name);
        if (!variable) {
          if (connectorNames.has(name)) {
            if (from !== 'secret')
              problems.push(`${where}: ${name} (a connector secret) must come from a Secret`);
            continue;
          }
          problems.push(
            `${where}: sets ${name} (from ${from}), which the env schema of ${component} does not know`,
          );
        } else if (variable.secret && from !== 'secret') {
          problems.push(
            `${where}: ${name} is a secret of ${component}; set it from a Secret (secretKeyRef), not from ${from}`,
          );
        }
      }
      for (const variable of variables) {
        if (variable.required && !given.has(variable.name))
          problems.push(`${where}: does not set ${variable.name}, which ${component} requires`);
      }
    }
  }
  return { problems, checked };
}
