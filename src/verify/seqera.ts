// verify, the Seqera side (with --seqera-workspace and a token): the credential Seqera holds
// works (POST /credentials/{id}/validate: Seqera really tries AWS with it) and, in role mode,
// the role trusts exactly that credential's External ID; the compute environment is AVAILABLE
// and its config is what the cluster's live setup needs. Nothing is changed: the validate probe
// only refreshes the status Seqera records on the credential (OpenAPI 1.187.0 ValidateCredentials).
import type { SeqeraProber, SeqeraReader } from '../seqera/types.js';
import { configDiff, desiredConfig, findCredential } from '../steps/seqera/common.js';
import { readComputeEnvs } from '../steps/seqera/compute-env.js';
import { generationOf } from '../steps/seqera/compute-env-plan.js';
import type { VerifyContext } from './context.js';
import { assumeRoleTrust } from './trust.js';
import { result, type CheckResult } from './types.js';

export type SeqeraVerifyGateway = SeqeraReader & SeqeraProber;

export async function seqeraChecks(v: VerifyContext, gw: SeqeraVerifyGateway): Promise<CheckResult[]> {
  const ctx = { settings: v.settings, facts: v.facts, names: v.names, known: {} };
  const readers = { ...v.readers, seqera: gw };
  const ws = v.facts.seqera!;
  const credName = v.names.seqeraCredentialName;
  const out: CheckResult[] = [];
  const credential = await findCredential(readers, ctx);
  if (!credential) {
    out.push(result('seqera.credential', 'Seqera credential', 'fail', `no credential named ${credName} in workspace ${ws.workspace}`, { fix: v.initCommand }));
  } else {
    const probe = await gw.validateCredential(ws.workspaceId, credential.id);
    const said = probe.message ? `: ${probe.message}` : '';
    let status: 'pass' | 'fail' | 'warn' = probe.transient ? 'warn' : probe.status === 'AVAILABLE' ? 'pass' : 'fail';
    let detail = probe.transient ? `Seqera could not reach AWS to validate ${credName} (try again)${said}` : `Seqera validated ${credName} (${credential.id}): ${probe.status}${said}`;
    let fix = v.initCommand;
    if (v.settings.seqeraAuth === 'role') {
      const role = await v.readers.iam.getRole(v.names.seqeraRoleName);
      const verdict = role
        ? assumeRoleTrust(role.trust, v.settings.seqeraPrincipalArn, { requireExternalId: true, externalId: credential.externalId })
        : { ok: false, detail: `role ${v.names.seqeraRoleName} does not exist` };
      if (!credential.externalId) {
        status = 'fail';
        detail += `; the credential has no External ID`;
        fix = `delete credential ${credName} in Seqera, then: ${v.initCommand}`;
      } else if (!verdict.ok) {
        status = 'fail';
        detail += `; but role ${v.names.seqeraRoleName} does not require its External ID: ${verdict.detail}`;
        fix = `${v.initCommand} (rebuilds the trust with the credential's External ID)`;
      }
    }
    out.push(result('seqera.credential', 'Seqera credential', status, detail, { fix }));
  }

  const envs = await readComputeEnvs(readers, ctx);
  const active = envs.ours
    .filter((e) => e.status !== 'DELETING' && e.status !== 'DELETED')
    .sort((a, b) => (generationOf(a.name, v.names.seqeraComputeEnvName) ?? 0) - (generationOf(b.name, v.names.seqeraComputeEnvName) ?? 0))
    .at(-1);
  if (!active) {
    out.push(result('seqera.compute-env', 'Seqera compute environment', 'fail', `no compute environment ${v.names.seqeraComputeEnvName} of this setup in workspace ${ws.workspace}`, { fix: v.initCommand }));
    return out;
  }
  const ok = active.status === 'AVAILABLE';
  out.push(result('seqera.compute-env', 'Seqera compute environment', ok ? 'pass' : 'fail', `${active.name} (${active.id}) is ${active.status ?? 'of unknown status'}${active.message ? `: ${active.message}` : ''}`, { fix: v.initCommand }));
  const diff = configDiff(active.config, desiredConfig(ctx));
  const uses = credential && active.credentialsId !== credential.id ? [`credentialsId: ${active.credentialsId} -> ${credential.id}`] : [];
  const problems = [...diff.map((d) => `${d.path}: ${JSON.stringify(d.before)} (live setup: ${JSON.stringify(d.after)})`), ...uses];
  out.push(
    result('seqera.compute-env.config', 'compute environment matches the cluster setup', problems.length ? 'fail' : 'pass',
      problems.length ? `${active.name} differs: ${problems.join('; ')}` : `region, cluster, namespace, service accounts, work directory, Fusion v2 and Wave as set up`,
      { fix: `${v.initCommand} --replace-compute-env` }),
  );
  return out;
}
