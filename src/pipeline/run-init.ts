// `eks-seqera init`: one path for interactive, --yes and --dry-run (DESIGN.md "One pipeline").
// read -> plan -> render -> approve -> apply -> summary.
import { ExitCode, type ExitCodeValue } from '../errors.js';
import { buildHandoff, renderHandoff } from '../handoff.js';
import { seqeraIds } from '../steps/seqera/ids.js';
import { renderPlanText } from '../plan/render-text.js';
import { planToJson, changeToJson } from '../plan/render-json.js';
import { pendingChanges, type Diagnostic, type Plan } from '../plan/types.js';
import type { Settings } from '../settings/types.js';
import type { StepContext } from '../steps/context.js';
import { appliedOfSetup, changesOfSetup, setupContexts, sharedNodeNote, type ConnectSetupSeqera } from './setup-contexts.js';
import { bindSteps } from './setups.js';
import { sharedReads } from './read-cache.js';
import { combinedHandover } from '../seqera/secret-handover.js';
import type { AppliedChange } from './apply-plan.js';
import { buildPlan } from './build-plan.js';
import { applyWithProgress, approve, planHeader, refuseIfBlocked, type PipelineOptions } from './flow.js';
import { kubePreflight } from './kube-preflight.js';
import { assertSecretCanBeDelivered, SecretDelivery } from './secrets.js';
import type { Runtime } from './runtime.js';
import { staleCredentialNotes } from './stale-pods.js';
import { identitySwitchContext, switchDiagnostics, switchWaiting } from './identity-switch.js';

export interface InitOptions extends PipelineOptions {
  /** warnings about the work-directory bucket (existence, region), read concurrently with the plan */
  checkWorkDir?: (settings: Settings, rt: Runtime) => Promise<Diagnostic[]>;
  /** every setup of the run (spec.workspaces); absent: `settings` alone */
  setups?: Settings[];
  /** a setup's own Seqera workspace connection (the first setup's comes with `connect`) */
  connectSeqera?: ConnectSetupSeqera;
}

export async function runInit(o: InitOptions): Promise<ExitCodeValue> {
  const { io, settings, run } = o;
  const log = (m: string) => io.err(io.style.dim(m));
  log(`Reading account and cluster ${settings.cluster} (${settings.region})...`);
  const warn = (m: string) => io.err(io.style.warn(`  ... ${m}`));
  const rt = await o.connect(settings, warn);
  // The steps' reads start at once, beside the identity-switch check (it decides the phase the
  // steps plan for, not what they read): a setup whose names the check leaves as they are (every
  // run but an adoption) plans from these very answers, so the check costs no round trip of its
  // own. Planning reads share answers (read-cache.ts): every workspace lists RoleBindings once.
  const planReaders = sharedReads(rt.readers);
  const found = await setupContexts(o.setups ?? [settings], rt, o.connectSeqera);
  const first = found[0]!.ctx;
  const earlySteps = bindSteps(o.steps, found);
  // --wait may wait minutes for pods: it plans from what it reads once the wait is over
  const early = new Map(run.wait ? [] : earlySteps.filter((s) => s.enabled(first)).map((s) => [s.id, s.read(planReaders, first)] as const));
  for (const read of early.values()) read.catch(() => undefined); // awaited (and reported) by the plan
  if (!run.wait) kubePreflight(earlySteps, planReaders, first).catch(() => undefined); // its reviews are shared with the real one
  // identity switch (IRSA <-> Pod Identity): each setup's phase, read from live state; --wait
  // polls, so it reads live state each time
  const setups = await Promise.all(
    found.map(async (s) => ({ ...s, ctx: await identitySwitchContext(run.wait ? rt.readers : (s.readers ?? planReaders), s.ctx, run, warn) })),
  );
  const sameNames = setups.every((s, i) => JSON.stringify(s.ctx.names) === JSON.stringify(found[i]!.ctx.names));
  // several setups: each bound step keeps its own context; this one only collects what apply reports
  const ctx: StepContext = setups.length === 1 ? setups[0]!.ctx : { ...setups[0]!.ctx, known: {} };
  const steps = bindSteps(o.steps, setups);
  const header = planHeader(settings, rt.facts);
  const [built, permissionProblems, bucketProblems] = await Promise.all([
    buildPlan({ steps, readers: planReaders, ctx, header, applyCommand: o.applyCommand, extraDiagnostics: setups.flatMap((s) => switchDiagnostics(s.ctx)), early: sameNames ? early : undefined }),
    kubePreflight(steps, planReaders, ctx),
    Promise.all(setups.map((s) => (o.checkWorkDir ? o.checkWorkDir(s.ctx.settings, rt) : Promise.resolve([])))).then((d) => d.flat()),
  ]);
  const plan: Plan = { ...built.plan, diagnostics: [...permissionProblems, ...bucketProblems, ...sharedNodeNote(setups), ...built.plan.diagnostics] };
  const handoffs = (applied: AppliedChange[]) =>
    setups.map((s) => buildHandoff(s.ctx.settings, s.ctx.names, seqeraIds(s.ctx, changesOfSetup(s, plan.changes), appliedOfSetup(s, applied))));
  const printHandoffs = (applied: AppliedChange[]) => io.out(handoffs(applied).map(renderHandoff).join('\n'));
  const pending = pendingChanges(plan);
  const json = run.output === 'json';
  const result = (applied: AppliedChange[]) => ({
    plan: planToJson(plan),
    applied: applied.map((a) => ({ ...changeToJson(a.change), outputs: a.result.outputs ?? {} })),
    ...(setups.length === 1
      ? { resources: { ...ctx.names, cluster: rt.facts.cluster.arn }, handoff: handoffs(applied)[0] }
      : { setups: setups.map((s, i) => ({ workspace: s.ctx.names.workspace ?? null, resources: { ...s.ctx.names, cluster: rt.facts.cluster.arn }, handoff: handoffs(applied)[i] })) }),
  });

  if (!json) io.out(renderPlanText(plan, io.style, { diff: run.diff }));
  refuseIfBlocked(plan, json ? () => io.out(JSON.stringify(result([]), null, 2)) : undefined);
  if (pending.length === 0 || run.dryRun) {
    if (json) io.out(JSON.stringify(result([]), null, 2));
    else if (pending.length === 0) printHandoffs([]);
    return run.detailedExitcode && (pending.length > 0 || setups.some((s) => switchWaiting(s.ctx))) ? ExitCode.pending : ExitCode.ok;
  }

  const handover = combinedHandover([rt.seqera?.handover, ...setups.slice(1).map((s) => s.handover)]);
  assertSecretCanBeDelivered(pending, settings, io, handover);
  const risky = pending.some((c) => c.risks.some((r) => r.kind === 'iam-broadens' || r.kind === 'cluster-access'));
  // Taking access away from running pipelines is no safer a default than granting it.
  const narrows = pending.some((c) => c.risks.some((r) => r.kind === 'access-narrows'));
  const why = [risky && 'broadens IAM permissions or cluster access', narrows && 'takes access from running pods'].filter(Boolean).join('; ');
  const question = `Apply ${pending.length} change(s)${why ? ` (${why})` : ''}?`;
  if (!(await approve(io, run, question, risky || narrows))) return ExitCode.declined;

  const applyStartedAt = new Date();
  // each new key is handed over the moment it exists (inside its change), not at the end
  const secrets = new SecretDelivery(settings, io, handover);
  const applied = await applyWithProgress({
    io,
    steps: secrets.wrap(built.steps),
    rt,
    ctx,
    planIsFresh: run.yes,
    // A key created before the failure is handed over now: a re-run will not create another.
    onFailure: async (completed) => secrets.deliverAll(completed),
  });
  secrets.deliverAll(applied);
  const notes = [...applied.flatMap((a) => a.result.notes ?? []), ...(await Promise.all(setups.map((s) => staleCredentialNotes(appliedOfSetup(s, applied), s.readers ?? rt.readers, s.ctx, applyStartedAt)))).flat()];
  if (json) {
    io.out(JSON.stringify({ ...result(applied), notes }, null, 2));
  } else {
    io.out(io.style.ok(io.style.bold(`Applied ${applied.length} change(s).`)));
    for (const n of notes) io.out(`  - ${n}`);
    io.out('');
    printHandoffs(applied);
  }
  return ExitCode.ok;
}
