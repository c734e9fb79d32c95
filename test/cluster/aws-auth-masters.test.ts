// Issue 10, item 3 (aws-auth side): our principal in system:masters is a plan error; with
// --adopt the entry (our username) is replaced by one without groups, shown as an update with
// the loss of system:masters as a risk. Another username in system:masters stays refused.
import { describe, expect, it } from 'vitest';
import type { ConfigMap } from '../../src/kube/gateway.js';
import { awsAuthStep } from '../../src/steps/cluster/aws-auth.js';
import { testContext } from './context.js';

const ARN = 'arn:aws:iam::111122223333:role/seqera-demo-platform';
const NODE = '- rolearn: arn:aws:iam::111122223333:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n  - system:nodes\n';
const cm = (mapRoles: string): ConfigMap => ({ metadata: { name: 'aws-auth', namespace: 'kube-system', resourceVersion: '1' }, data: { mapRoles } });
const masters = (username: string) => `${NODE}- rolearn: ${ARN}\n  username: ${username}\n  groups:\n  - system:masters\n`;

describe('our principal in system:masters', () => {
  it('is an error in the plan without --adopt', () => {
    const plan = awsAuthStep.plan({ configMap: cm(masters('tower-launcher-user')) }, testContext());
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics?.[0]).toMatchObject({ level: 'error', message: expect.stringContaining('gives the Seqera principal cluster-admin (system:masters)') });
  });

  it('with --adopt: replaced by our entry without groups, and the lost system:masters is a risk', () => {
    const plan = awsAuthStep.plan({ configMap: cm(masters('tower-launcher-user')) }, testContext({ adopt: true }));
    const c = plan.changes[0]!;
    expect(c.action).toBe('update');
    expect(c.diff[0]).toEqual({ path: 'data.mapRoles', before: masters('tower-launcher-user'), after: `${NODE}- rolearn: ${ARN}\n  username: tower-launcher-user\n` });
    expect(c.risks.map((r) => r.kind)).toEqual(['cluster-access', 'adopt']);
    expect(c.risks[1]!.message).toContain('loses system:masters');
  });

  it('another username in system:masters stays refused, even with --adopt', () => {
    const plan = awsAuthStep.plan({ configMap: cm(masters('admin')) }, testContext({ adopt: true }));
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics?.[0]?.level).toBe('error');
  });
});
