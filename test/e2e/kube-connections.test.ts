// The Kubernetes API is reached over kept-alive connections: client-node 1.x would open a new TLS
// connection for every call (src/kube/connect.ts reuseConnections). Against a real API server each
// new connection costs two or three round trips before the request is even sent.
import { describe, expect, it } from 'vitest';
import { baseArgs, createBucket, runCli } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

describe('connections to the Kubernetes API', () => {
  const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-conn-', tempDirPer: 'file', sandbox: { authMode: 'CONFIG_MAP', seqera: false } });

  it('init from scratch: the apply reuses the connections the plan opened', async () => {
    await createBucket(env.sb, 'seqera-e2e-work');
    const handshakes = env.sb.kube.tlsHandshakes();
    const r = await runCli(env.sb, ['init', ...baseArgs(env.sb), '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const calls = env.sb.log.entries().filter((e) => e.service === 'k8s').length;
    const opened = env.sb.kube.tlsHandshakes() - handshakes;
    // The plan reads in parallel (a connection per read in flight: HTTP/1.1, no queueing behind
    // a few sockets, which would add round trips); the apply's waves then find them open.
    // Measured: 41 calls over 41 connections before, over 25 with reuse.
    expect(calls).toBeGreaterThan(30);
    expect(opened, `${opened} TLS handshakes for ${calls} calls`).toBeLessThanOrEqual(calls - 10);
  });
});
