// Two sandboxes on one machine do not collide: ports, credentials, kubeconfig, state.
import { afterAll, expect, it } from 'vitest';
import { GetUserCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { startSandbox, type Sandbox } from './index.js';

const started: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

const iamOf = (s: Sandbox) =>
  new IAMClient({ endpoint: s.env.AWS_ENDPOINT_URL, region: s.region, credentials: { accessKeyId: s.env.AWS_ACCESS_KEY_ID!, secretAccessKey: s.env.AWS_SECRET_ACCESS_KEY! } });

it('run side by side', { timeout: 60_000 }, async () => {
  const results = await Promise.allSettled([startSandbox({ authMode: 'API' }), startSandbox({ authMode: 'CONFIG_MAP' })]);
  for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
  const [a, b] = started as [Sandbox, Sandbox];
  for (const k of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'KUBECONFIG'] as const) expect(a.env[k]).not.toBe(b.env[k]);
  expect(a.kube.url).not.toBe(b.kube.url);
  await iamOf(a).send(new CreateUserCommand({ UserName: 'only-in-a' }));
  await expect(iamOf(b).send(new GetUserCommand({ UserName: 'only-in-a' }))).rejects.toThrow();
});
