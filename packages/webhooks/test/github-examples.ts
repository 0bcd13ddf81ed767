// Test support (`@aims/webhooks/testing`): real GitHub example deliveries and their signatures.
import { createHmac } from 'node:crypto';
import examples from '@octokit/webhooks-examples/api.github.com/index.json' with { type: 'json' };

interface ExampleGroup {
  name: string;
  examples: Array<Record<string, unknown>>;
}

/** A real GitHub example delivery of `event` (first one with `action`, when given). */
export function githubExample(
  event: string,
  action?: string,
  pick?: (e: Record<string, unknown>) => boolean,
) {
  const group = (examples as unknown as ExampleGroup[]).find((g) => g.name === event);
  const found = group?.examples.find(
    (e) => (action === undefined || e.action === action) && (!pick || pick(e)),
  );
  if (!found) throw new Error(`no @octokit/webhooks-examples delivery for ${event}/${action ?? '*'}`);
  return structuredClone(found);
}

export function githubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
