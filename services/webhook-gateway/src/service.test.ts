import { createHmac } from 'node:crypto';
import { EnvError, silentLogger } from '@aims/pipeline';
import { describe, expect, it } from 'vitest';
import { loadGatewayEnv } from './env.js';
import { startGatewayService } from './service.js';

describe('webhook-gateway service', () => {
  it('starts on the embedded bus, verifies with the secret named by webhookSecretEnv, and stops', async () => {
    const env = loadGatewayEnv({ EVENT_BUS: 'embedded', PORT: '0', HOST: '127.0.0.1' });
    const running = await startGatewayService(env, silentLogger(), {
      config: {
        workspace: 'acme',
        owners: {},
        aiSystems: [],
        webhooks: { dedupWindow: 86_400_000 },
        connectors: [
          {
            instance: 'gh',
            connector: 'github',
            enabled: true,
            webhookSecretEnv: 'GH_HOOK_SECRET',
            config: {},
          },
        ],
      },
      processEnv: { GH_HOOK_SECRET: 'service-test-secret-123' },
    });
    const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
    const signature = `sha256=${createHmac('sha256', 'service-test-secret-123').update(body).digest('hex')}`;
    const url = `http://127.0.0.1:${running.port}/webhooks/github/gh`;
    const ok = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'x-github-event': 'ping', 'x-hub-signature-256': signature },
    });
    expect(ok.status).toBe(202);
    const bad = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'x-github-event': 'ping', 'x-hub-signature-256': 'sha256=00' },
    });
    expect(bad.status).toBe(401);
    await running.stop();
  });

  it('names every invalid variable', () => {
    const error = (() => {
      try {
        loadGatewayEnv({ PORT: 'eighty', EVENT_BUS: 'rabbit' });
      } catch (e) {
        return e as EnvError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(EnvError);
    expect(error?.issues.map((i) => i.variable).sort()).toEqual(['EVENT_BUS', 'PORT']);
    expect(error?.message).toContain('webhook-gateway: invalid environment');
  });
});
