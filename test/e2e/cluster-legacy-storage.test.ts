// Issue 5, acceptance 7, through the built binary: legacy storage (no Fusion) needs a
// ReadWriteMany claim, which on EKS means EFS. A missing StorageClass is a warning with the EFS
// CSI fix (the claim is still created, it stays Pending until the class exists); an existing
// claim that differs is reported and never replaced (its data would be lost).
import { describe, expect, it, vi } from 'vitest';
import { NS, kubectl, kubectlOk, roleArgs } from './cluster-helpers.js';
import { runCli, type CliResult } from './run-cli.js';
import { useE2eSandbox } from './sandbox-hooks.js';

interface Pvc { metadata: { uid: string; labels?: Record<string, string> }; spec: { accessModes: string[]; storageClassName?: string; resources: { requests: { storage: string } } } }

// several runs of the binary per case: room for a loaded 2-core machine
vi.setConfig({ testTimeout: 120_000 });

const env = useE2eSandbox({ tempDirPrefix: 'eks-seqera-e2e-legacy-', tempDirPer: 'test' });

const LEGACY = ['--storage', 'legacy', '--storage-class', 'efs-sc'];
const init = (extra: string[]) => runCli(env.sb, roleArgs(env.sb, [...LEGACY, ...extra]), { cwd: env.dir });
const ok = (r: CliResult) => expect(r.code, `stderr:\n${r.stderr}\nstdout:\n${r.stdout}`).toBe(0);
const getPvc = async () => JSON.parse(await kubectlOk(env.sb, ['get', 'pvc', 'tower-scratch', '-n', NS, '-o', 'json'])) as Pvc;

describe('legacy storage', () => {
  it('no efs-sc StorageClass: the plan warns with the EFS CSI fix; a ReadWriteMany claim is created; a second run writes nothing', async () => {
    expect((await kubectl(env.sb, ['get', 'storageclass', 'efs-sc'])).code).not.toBe(0);
    const plan = await init(['--dry-run']);
    ok(plan);
    expect(plan.writes).toBe(0);
    expect(plan.stdout).toContain('+ k8s:pvc/tower-nf/tower-scratch');
    const out = plan.stdout + plan.stderr;
    expect(out).toMatch(/StorageClass efs-sc does not exist; the ReadWriteMany claim tower-scratch will stay Pending/);
    expect(out).toMatch(/aws eks create-addon --addon-name aws-efs-csi-driver/);
    expect(out).toMatch(/efs\.csi\.aws\.com/);

    const apply = await init(['--yes']);
    ok(apply);
    const pvc = await getPvc();
    expect(pvc.spec).toMatchObject({ accessModes: ['ReadWriteMany'], storageClassName: 'efs-sc', resources: { requests: { storage: '100Gi' } } });
    expect(pvc.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'eks-seqera' });
    // what the user pastes into Seqera's form and tw command names this claim
    expect(apply.stdout).toMatch(/Storage claim\s+tower-scratch/);
    expect(apply.stdout).toContain('--storage-claim tower-scratch --storage-mount /scratch');

    const again = await init(['--yes']);
    ok(again);
    expect(again.writes).toBe(0);
    expect((await getPvc()).metadata.uid).toBe(pvc.metadata.uid);
  });

  it('an existing claim of another size: reported with its fix, exit 78, nothing written, the claim kept as it is; matching its size converges', async () => {
    await kubectlOk(env.sb, ['create', 'namespace', NS]);
    const claim = {
      apiVersion: 'v1', kind: 'PersistentVolumeClaim',
      metadata: { name: 'tower-scratch', namespace: NS },
      spec: { accessModes: ['ReadWriteMany'], storageClassName: 'efs-sc', resources: { requests: { storage: '50Gi' } } },
    };
    await kubectlOk(env.sb, ['create', '-f', '-'], { stdin: JSON.stringify(claim) });
    const before = await getPvc();

    const refused = await init(['--yes']);
    expect(refused.code, refused.stderr).toBe(78);
    expect(refused.writes).toBe(0);
    const out = refused.stdout + refused.stderr;
    expect(out).toMatch(/k8s:pvc\/tower-nf\/tower-scratch exists with a different spec \(spec\.resources\.requests\.storage: 50Gi -> 100Gi\); a claim is never replaced/);
    expect(out).toMatch(/--storage-size/);
    expect(out).toMatch(/--storage-claim/);
    const after = await getPvc();
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.spec.resources.requests.storage).toBe('50Gi');

    // using it as it is: nothing to change on the claim (not ours, so not labelled either)
    const asIs = await init(['--storage-size', '50Gi', '--yes']);
    ok(asIs);
    expect(asIs.stdout).toMatch(/= k8s:pvc\/tower-nf\/tower-scratch/);
    const kept = await getPvc();
    expect(kept.metadata.uid).toBe(before.metadata.uid);
    expect(kept.metadata.labels ?? {}).not.toHaveProperty('app.kubernetes.io/managed-by');
  });
});
