// Issue 14, item 2: the printed hand-off agrees with itself (role mode never suggests a new
// credential whose generated External ID the trust would reject), echoes the External ID the
// trust holds, reads as instructions, fits 100 columns, and ends with the verify command.
import { describe, expect, it } from 'vitest';
import { buildHandoff, renderHandoff, verifyCommandFor } from '../../src/handoff.js';
import { stepContext, stepFacts, stepSettings } from '../fixtures/context.js';

const WORK = { uri: 's3://acme-nf-work-directory-for-genomics/runs/nextflow', bucket: 'acme-nf-work-directory-for-genomics', prefix: 'runs/nextflow' };
const render = (over: Parameters<typeof stepSettings>[0]) => {
  const ctx = stepContext(stepSettings(over), stepFacts('123456789012', 'admin'));
  return { text: renderHandoff(buildHandoff(ctx.settings, ctx.names)), handoff: buildHandoff(ctx.settings, ctx.names) };
};

describe('hand-off', () => {
  it('role mode: echoes the External ID the trust holds and never asks for a new generated one', () => {
    const { text } = render({ workDir: WORK, externalId: 'ext-from-seqera-0042' });
    expect(text).toContain('with External ID ext-from-seqera-0042');
    expect(text.replace(/\s+/g, ' ')).toContain("(the role's trust holds exactly this one)");
    expect(text).not.toContain('--generate-external-id');
    expect(text).toContain('# CREDENTIAL: the name of the credential whose External ID is ext-from-seqera-0042');
    expect(text).toContain('--credentials "$CREDENTIAL"');
  });

  it('keys mode: the credential command takes the key from the environment, never a value', () => {
    const { text } = render({ workDir: WORK, seqeraAuth: 'keys', assumeRole: true, externalId: 'x-1' });
    expect(text).toContain('--access-key "$AWS_ACCESS_KEY_ID" --secret-key "$AWS_SECRET_ACCESS_KEY"');
    expect(text).toContain('--assume-role-arn arn:aws:iam::123456789012:role/seqera-demo-platform');
  });

  it('says to turn Wave and Fusion on, fits 100 columns, and ends with the exact verify command', () => {
    const { text } = render({ workDir: WORK, externalId: 'ext-from-seqera-0042', namePrefix: 'acme', profile: 'prod admin' });
    expect(text).toContain('Wave containers, Fusion v2');
    expect(text).toContain('turn both on');
    // every line but the command itself (a command is never broken) fits 100 columns
    for (const line of text.split('\n').slice(0, -1)) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(text.trimEnd().split('\n').slice(-2)).toEqual(['Next, check every link (read-only):', "  eks-seqera verify --cluster demo --region eu-west-1 --profile 'prod admin' --name-prefix acme"]);
  });

  it('the verify command carries only what verify cannot read back', () => {
    const s = stepSettings({ workDir: WORK, externalId: 'e', kubeconfig: '/k/config', context: 'ctx', iamPath: '/seqera/' });
    expect(verifyCommandFor(s)).toBe('eks-seqera verify --cluster demo --region eu-west-1 --kubeconfig /k/config --context ctx --iam-path /seqera/');
  });
});
