import { describe, expect, it } from 'vitest';
import { ConfigError, type SecretMissingError } from './errors.js';
import { parseWorkspaceConfig } from './load.js';
import { parseInterval } from './schema.js';
import { resolveSecret, resolveSecretRefs } from './secrets.js';

const valid = `workspace: acme
connectors:
  - instance: acme-github
    connector: github
    schedule: { every: 15m }
    rateLimit: { max: 2, per: 1m }
    webhookSecretEnv: ACME_GITHUB_WEBHOOK_SECRET
    config:
      org: acme
      tokenEnv: ACME_GITHUB_TOKEN
  - instance: policies
    connector: local-folder
    config: { root: ./evidence }
`;

describe('parseWorkspaceConfig', () => {
  it('parses instances, intervals and defaults', () => {
    const cfg = parseWorkspaceConfig(valid, 'aims.yaml');
    expect(cfg.workspace).toBe('acme');
    expect(cfg.connectors).toHaveLength(2);
    const [gh, folder] = cfg.connectors;
    expect(gh?.schedule).toEqual({ every: 900_000, runOnStart: false });
    expect(gh?.rateLimit).toEqual({ max: 2, per: 60_000 });
    expect(gh?.webhookSecretEnv).toBe('ACME_GITHUB_WEBHOOK_SECRET');
    expect(folder?.enabled).toBe(true);
    expect(folder?.config).toEqual({ root: './evidence' });
  });

  it('names the file, the path and the line of each problem', () => {
    const bad = valid
      .replace('every: 15m', 'every: soon')
      .replace('ACME_GITHUB_WEBHOOK_SECRET', 'lower-case');
    const err = (() => {
      try {
        parseWorkspaceConfig(bad, 'conf/aims.yaml');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const ce = err as ConfigError;
    expect(ce.code).toBe('config_invalid');
    expect(ce.issues.map((i) => i.path).sort()).toEqual([
      'connectors.0.schedule.every',
      'connectors.0.webhookSecretEnv',
    ]);
    expect(ce.issues.find((i) => i.path === 'connectors.0.schedule.every')?.line).toBe(5);
    expect(ce.message).toContain('conf/aims.yaml:5 at connectors.0.schedule.every');
  });

  it('rejects duplicate instance ids and unknown keys', () => {
    const dup = `${valid}  - instance: policies\n    connector: s3\n    secret: hunter2\n`;
    expect(() => parseWorkspaceConfig(dup, 'aims.yaml')).toThrow(/duplicate instance id 'policies'/);
    expect(() => parseWorkspaceConfig(dup, 'aims.yaml')).toThrow(/connectors\.2/);
  });

  it('reports YAML syntax errors with a line', () => {
    expect(() => parseWorkspaceConfig('workspace: [acme\n', 'x.yaml')).toThrow(ConfigError);
  });
});

describe('parseInterval', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    [500, 500],
  ] as const)('%s -> %d', (input, ms) => expect(parseInterval(input)).toBe(ms));
  it.each(['0s', 'soon', '-1m', 0, 1.5])('rejects %s', (input) =>
    expect(parseInterval(input)).toBeUndefined(),
  );
});

describe('resolveSecret', () => {
  it('returns the value and names only the variable when missing', () => {
    expect(resolveSecret('TOKEN', { TOKEN: 's3cr3t' })).toBe('s3cr3t');
    const err = (() => {
      try {
        resolveSecret('TOKEN', { TOKEN: '' }, 'GitHub token');
      } catch (e) {
        return e as SecretMissingError;
      }
      return undefined;
    })();
    expect(err?.code).toBe('secret_missing');
    expect(err?.message).toBe('environment variable TOKEN (GitHub token) is not set or empty');
  });
});

describe('resolveSecretRefs', () => {
  it('replaces *Env references with the variable values, nested too', () => {
    const resolved = resolveSecretRefs(
      {
        org: 'acme',
        tokenEnv: 'GH_TOKEN',
        auth: { passwordEnv: 'JIRA_PW', user: 'bot' },
        labelsEnv: 'not a name',
      },
      { GH_TOKEN: 't0k', JIRA_PW: 'pw' },
    );
    expect(resolved).toEqual({
      org: 'acme',
      token: 't0k',
      auth: { password: 'pw', user: 'bot' },
      labelsEnv: 'not a name',
    });
  });

  it('names the variable and where it is referenced, never a value', () => {
    expect(() => resolveSecretRefs({ tokenEnv: 'GH_TOKEN' }, {}, 'connectors.acme-github.config')).toThrow(
      'environment variable GH_TOKEN (connectors.acme-github.config.tokenEnv) is not set or empty',
    );
  });
});
