import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { IAMClient, GetRoleCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { EKSClient, DescribeClusterCommand } from '@aws-sdk/client-eks';
const pids = execSync("pgrep -f moto_server || true").toString().trim().split('\n').filter(Boolean);
const ticks = () => pids.reduce((a, pid) => { try { const st = readFileSync(`/proc/${pid}/stat`, 'utf8'); const r = st.slice(st.lastIndexOf(')') + 2).split(' '); return a + +r[11] + +r[12]; } catch { return a; } }, 0);
const common = { region: 'us-east-1', endpoint: process.env.AWS_ENDPOINT_URL };
const iam = new IAMClient(common), sts = new STSClient(common), eks = new EKSClient(common);
for (const [name, fn] of [['GetRole', () => iam.send(new GetRoleCommand({ RoleName: 'eks-sandbox-node-role' }))], ['GetCallerIdentity', () => sts.send(new GetCallerIdentityCommand({}))], ['DescribeCluster', () => eks.send(new DescribeClusterCommand({ name: 'sandbox' }))], ['ListRoles', () => iam.send(new ListRolesCommand({}))]] as const) {
  await fn();
  const t0 = ticks(), w0 = Date.now();
  for (let i = 0; i < 50; i++) await fn();
  console.log(name, 'moto cpu per call', ((ticks() - t0) * 10 / 50).toFixed(1), 'ms; wall', ((Date.now() - w0) / 50).toFixed(1), 'ms');
}
