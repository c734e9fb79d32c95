// Every IAM document `init` would create for these settings, by name, for `eks-seqera policy`
// (a security review before anything is applied). The same builders the steps use.
import type { Diagnostic } from '../../plan/types.js';
import type { PolicyDocument } from '../../policies/document.js';
import { seqeraUserAssumeRolePolicy } from '../../policies/seqera.js';
import type { StepContext } from '../context.js';
import { fusionPolicyDocument, usesFusion } from './fusion-policy.js';
import { fusionTrust } from './fusion-role.js';
import { seqeraPolicyDocument } from './seqera-policy.js';
import { seqeraTrust } from './seqera-role.js';

export interface NamedDocument {
  /** e.g. `iam:policy/seqera-demo-platform`, `iam:role/seqera-demo-fusion#trust` */
  address: string;
  title: string;
  document?: PolicyDocument;
  /** why the document cannot be built yet (e.g. role mode without an External ID) */
  problem?: Diagnostic;
}

export function iamDocuments(ctx: StepContext): NamedDocument[] {
  const { settings, names } = ctx;
  const out: NamedDocument[] = [
    { address: `iam:policy/${names.seqeraPolicyName}`, title: 'Seqera Platform policy', document: seqeraPolicyDocument(ctx) },
  ];
  if (settings.seqeraAuth === 'keys' && settings.assumeRole) {
    out.push({
      address: `iam:user/${names.userName}#inline-policy/eks-seqera-assume-role`,
      title: 'Seqera user: may only assume the Seqera role',
      document: seqeraUserAssumeRolePolicy(names.seqeraRoleArn),
    });
  }
  if (settings.seqeraAuth === 'role' || settings.assumeRole) {
    const trust = seqeraTrust(ctx);
    out.push({ address: `iam:role/${names.seqeraRoleName}#trust`, title: 'Trust of the role Seqera assumes', ...('error' in trust ? { problem: trust.error } : { document: trust.document }) });
  }
  if (usesFusion(settings)) {
    out.push({ address: `iam:policy/${names.fusionPolicyName}`, title: 'Fusion S3 policy', document: fusionPolicyDocument(ctx) });
    const trust = fusionTrust(ctx);
    out.push({ address: `iam:role/${names.fusionRoleName}#trust`, title: `Trust of the Fusion role (${settings.identity})`, ...('error' in trust ? { problem: trust.error } : { document: trust.document }) });
  }
  return out;
}
