// `eks-seqera verify`: read-only checks of an existing setup, whoever made it. Independent
// groups run concurrently; each group turns its own errors into failed checks, so one broken
// link never hides the others. Exit code: 0 when no check failed (warnings allowed),
// ExitCode.unexpected (1) when any did; errors before the checks (no credentials, no cluster)
// keep their own codes (78, 77).
import { ExitCode, type ExitCodeValue } from '../errors.js';
import { buildHandoff, renderHandoff } from '../handoff.js';
import { seqeraIds } from '../steps/seqera/ids.js';
import type { Io } from '../io/types.js';
import type { Runtime } from '../pipeline/runtime.js';
import type { RunOptions, Settings } from '../settings/types.js';
import { usesFusion } from '../steps/aws/fusion-policy.js';
import { deriveNames } from '../steps/names.js';
import type { SettingKey } from '../cli/flags.js';
import { accessChecks } from './access.js';
import { discoverSetup } from './discover.js';
import type { VerifyContext } from './context.js';
import { fusionRoleChecks } from './fusion-role.js';
import { isolationOrFailure } from './isolation.js';
import { renderIsolationText } from './isolation-render.js';
import { identityChecks, withIdentityState } from './identity.js';
import { createEksAuthGateway, eksAuthEndpoint } from '../aws/eks-auth/gateway.js';
import { principalChecks } from './principal.js';
import { renderChecksText, verifyJson } from './render.js';
import { staleChecks } from './stale.js';
import { seqeraChecks } from './seqera.js';
import { guarded, passed, result, type CheckResult } from './types.js';

/** `env`: the process environment, read only by the entry point (AWS_ENDPOINT_URL_EKS_AUTH, AWS_ENDPOINT_URL) */
export function verifyContext(settings: Settings, rt: Runtime, extra: Pick<VerifyContext, 'initCommand'> & { env: Record<string, string | undefined> }): VerifyContext {
  return {
    settings,
    facts: rt.facts,
    names: deriveNames(settings, rt.facts),
    readers: rt.readers,
    iam: rt.aws.iam,
    eks: rt.aws.eks,
    kube: rt.kube,
    initCommand: extra.initCommand,
    seqera: rt.seqera?.gateway,
    eksAuth: createEksAuthGateway({ region: settings.region, credentials: rt.aws.credentials, endpoint: eksAuthEndpoint(settings.region, extra.env) }),
  };
}

export async function runChecks(given: VerifyContext): Promise<CheckResult[]> {
  // an identity switch under way, and a Fusion role found through the service accounts' wiring
  const v = usesFusion(given.settings) ? await withIdentityState(given) : given;
  const fix = v.initCommand;
  const groups: Array<Promise<CheckResult[]>> = [
    guarded('principal', 'Seqera principal', fix, () => principalChecks(v)),
    guarded('cluster', 'cluster access', fix, () => accessChecks(v)),
  ];
  if (v.seqera && v.facts.seqera) {
    const gw = v.seqera;
    groups.push(guarded('seqera', 'Seqera Platform', fix, () => seqeraChecks(v, gw)));
  }
  if (usesFusion(v.settings)) {
    groups.push(guarded('fusion.role', 'Fusion role', fix, () => fusionRoleChecks(v)));
    groups.push(identityChecks(v));
    groups.push(guarded('pods.stale', 'pods started before the identity wiring', 'kubectl get pods -n ' + v.settings.namespace, () => staleChecks(v)));
  } else {
    groups.push(Promise.resolve([result('identity', 'pod AWS identity (IRSA / Pod Identity)', 'skip', 'legacy storage without a work directory: pods need no AWS credentials')]));
  }
  return (await Promise.all(groups)).flat();
}

export interface VerifyOptions {
  settings: Settings;
  run: RunOptions;
  io: Io;
  connect: (settings: Settings, onWait: (m: string) => void) => Promise<Runtime>;
  /** settings the user set; everything else may be read from the live setup */
  explicit: ReadonlySet<SettingKey>;
  /** `eks-seqera init ... --yes` for the settings verify ends up with */
  initCommandFor: (settings: Settings) => string;
  /** the process environment (endpoint overrides for the hand-signed EKS Auth call) */
  env: Record<string, string | undefined>;
}

export async function runVerify(o: VerifyOptions): Promise<ExitCodeValue> {
  const { io } = o;
  io.err(io.style.dim(`Verifying the Seqera setup of cluster ${o.settings.cluster} (${o.settings.region}), read-only...`));
  const rt = await o.connect(o.settings, (m) => io.err(io.style.warn(`  ... ${m}`)));
  const { settings, found } = await discoverSetup(o.settings, rt.readers, rt.facts, o.explicit);
  if (found.length) io.err(io.style.dim(`Read from the live setup: ${found.join('; ')}`));
  const v = verifyContext(settings, rt, { initCommand: o.initCommandFor(settings), env: o.env });
  // isolation across every setup on the cluster (issue 12): its checks count like the others
  const [own, isolation] = await Promise.all([runChecks(v), isolationOrFailure(v)]);
  const checks = [...own, ...isolation.checks];
  const ok = passed(checks);
  const handoff = ok ? buildHandoff(settings, v.names, seqeraIds({ settings, facts: rt.facts, names: v.names, known: {} }, [], [])) : undefined;
  if (o.run.output === 'json') {
    io.out(JSON.stringify({ ...verifyJson(checks, handoff), ...(isolation.matrix ? { isolation: isolation.matrix } : {}) }, null, 2));
  } else {
    io.out(renderChecksText(checks, io.style));
    if (isolation.matrix) io.out('\n' + renderIsolationText(isolation.matrix, io.style));
    if (handoff) io.out('\n' + renderHandoff(handoff));
  }
  return ok ? ExitCode.ok : ExitCode.unexpected;
}
