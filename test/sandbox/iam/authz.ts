// One question: may this caller do this action on this resource? The caller's identity policies,
// permissions boundary and the resource's policy are read from moto at the time of the request
// and decided by iam-simulate (evaluate.ts). While a change to the caller's policies is still
// propagating (propagation.ts), the caller is evaluated without identity policies: a grant just
// added is not visible yet (a removal is treated the same way; see the README).
import type { S3Client } from '@aws-sdk/client-s3';
import type { Caller } from './caller.js';
import { evaluate, type Decision } from './evaluate.js';
import type { MotoIam, PrincipalPolicies } from './moto-iam.js';
import { principalKey, type IamPropagation } from './propagation.js';
import type { Creds } from '../aws/moto-clients.js';

export type KnownCaller = Extract<Caller, { kind: 'user' | 'session' }>;

export class IamAuthz {
  private s3?: S3Client;
  /** moto's own enforcement is on (`/moto-api/reset-auth`): moto decides, the front's checks stand aside */
  motoEnforcing = false;
  constructor(
    readonly iam: MotoIam,
    readonly propagation: IamPropagation,
    private readonly motoUrl: string,
    private readonly region: string,
    private readonly creds: Creds,
  ) {}

  /** The caller's policies, or none while a change to them propagates; undefined: the principal is gone. */
  async policies(caller: KnownCaller): Promise<PrincipalPolicies | undefined> {
    const p = await this.iam.policiesOf(caller.policyArn);
    if (!p) return undefined;
    const changing = this.propagation.fresh(principalKey(caller.policyArn), 'policy') || p.managedArns.some((a) => this.propagation.fresh(`policy:${a}`));
    return changing ? { identity: [], managedArns: p.managedArns } : p;
  }

  async decide(
    caller: KnownCaller,
    action: string,
    resource: string,
    resourceAccount: string,
    context: Record<string, string | string[]> = {},
    resourcePolicy?: unknown,
  ): Promise<Decision> {
    const pol = await this.policies(caller);
    if (!pol) return 'ImplicitlyDenied';
    return evaluate({
      principal: caller.arn,
      action,
      resource,
      resourceAccount,
      context: { 'aws:PrincipalArn': caller.policyArn, 'aws:PrincipalAccount': caller.account, ...context },
      identity: pol.identity,
      ...(pol.boundary ? { boundary: pol.boundary } : {}),
      ...(resourcePolicy ? { resourcePolicy } : {}),
    });
  }

  /** The bucket policy from moto, if the bucket has one. */
  async bucketPolicy(bucket: string): Promise<unknown> {
    const { GetBucketPolicyCommand, S3Client } = await import('@aws-sdk/client-s3');
    this.s3 ??= new S3Client({ endpoint: this.motoUrl, region: this.region, credentials: this.creds, forcePathStyle: true, maxAttempts: 1 });
    try {
      const out = await this.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
      return out.Policy ? JSON.parse(out.Policy) : undefined;
    } catch {
      return undefined; // NoSuchBucketPolicy / NoSuchBucket: no resource policy
    }
  }

  destroy(): void {
    this.iam.destroy();
    this.s3?.destroy();
  }
}
