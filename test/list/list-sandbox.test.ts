// list's discovery through the real gateways (SDK clients, client-node) against the sandbox,
// on two setups seeded with kubectl and the AWS SDK (test/workspaces/isolation-seed.ts), for
// both access paths: which principal maps to each username comes from access entries in one
// cluster and from aws-auth in the other. Then the read budget: list sends only reads, in a
// number of requests that does not depend on how the setups were made.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discoverSetups } from '../../src/list/discover.js';
import { connect } from '../../src/pipeline/runtime.js';
import { startSandbox, type AuthMode, type Sandbox } from '../sandbox/index.js';
import { settingsOf } from '../cli/helpers.js';
import { kubectlOk } from '../e2e/cluster-helpers.js';
import { seedSetups, SHARED_BUCKET } from '../workspaces/isolation-seed.js';

async function discover(sb: Sandbox) {
  const settings = settingsOf(['--cluster', sb.clusterName, '--region', sb.region, '--work-dir', 's3://unused/x', '--external-id', 'unused-1'], { env: {} });
  const before = sb.log.entries().length;
  const writes = sb.log.writes().length;
  const rt = await connect(settings, () => {}, {});
  const found = await discoverSetups(rt.readers, { cluster: sb.clusterName, authMode: rt.facts.cluster.authMode });
  return { ...found, requests: sb.log.entries().length - before, writes: sb.log.writes().length - writes };
}

for (const [authMode, path] of [['API_AND_CONFIG_MAP', 'access-entry'], ['CONFIG_MAP', 'aws-auth']] as Array<[AuthMode, 'access-entry' | 'aws-auth']>) {
  describe(`list discovery (${authMode}, ${path})`, () => {
    let sb: Sandbox;
    beforeAll(async () => {
      sb = await startSandbox({ authMode, seqera: false });
      Object.assign(process.env, sb.env); // connect() reads the AWS endpoint and keys from the environment
    }, 60_000);
    afterAll(async () => sb?.stop());
    beforeEach(async () => sb.reset());

    it('finds both setups with their principal, Fusion role, identity and S3 location', async () => {
      const seeded = await seedSetups(sb, path);
      const { setups, writes } = await discover(sb);
      expect(writes).toBe(0);
      expect(setups.map((s) => [s.workspace, s.namespace, s.kubeUsername])).toEqual(seeded.map((s) => [s.workspace, s.namespace, s.username]));
      for (const [i, s] of setups.entries()) {
        expect(s.principals).toEqual([{ arn: seeded[i]!.seqeraRoleArn, kind: 'role', via: path }]);
        expect(s.fusionRoles).toEqual([seeded[i]!.fusionRoleArn]);
        expect(s.identity).toBe('irsa');
        expect(s.s3Locations).toEqual([`s3://${SHARED_BUCKET}/${seeded[i]!.prefix}`]);
        expect(s.externalIds).toEqual([seeded[i]!.externalId]);
        expect(s.serviceAccounts.map((a) => [a.name, a.bound])).toEqual([['tower-compute-sa', false], ['tower-launcher-sa', true]]);
        expect(s.notes).toEqual([]);
      }
    }, 60_000);

    it('an unlabelled RoleBinding is not a setup; a setup whose user nobody maps says so', async () => {
      await seedSetups(sb, path, ['team-a']);
      // a hand-made binding (no managed-by label) naming a user: not an eks-seqera setup; a managed
      // binding whose user has no mapping: a setup that says so
      const binding = (ns: string, name: string, user: string, labels: string) =>
        `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  labels: {${labels}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: User, name: ${user}, apiGroup: rbac.authorization.k8s.io}\n`;
      await kubectlOk(sb, ['create', 'namespace', 'orphan']);
      const yaml = [binding('default', 'hand-made', 'someone', ''), binding('orphan', 'tower-launcher-userbind', 'tower-launcher-user-orphan', 'app.kubernetes.io/managed-by: eks-seqera, eks-seqera/workspace: orphan')].join('---\n');
      await kubectlOk(sb, ['apply', '-f', '-'], { stdin: yaml });
      const { setups } = await discover(sb);
      expect(setups.map((s) => [s.workspace, s.namespace])).toEqual([['orphan', 'orphan'], ['team-a', 'tower-nf-team-a']]);
      const orphan = setups.find((s) => s.namespace === 'orphan')!;
      expect(orphan.principals).toEqual([]);
      expect(orphan.notes.join()).toContain('no IAM principal is mapped to tower-launcher-user-orphan');
    }, 60_000);
  });
}
