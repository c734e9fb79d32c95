// One call to build both AWS gateways over clients the caller made (the lead's src/aws/clients.ts).
import type { EKSClient } from '@aws-sdk/client-eks';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import { AwsEksGateway } from './eks/gateway.js';
import type { NewAccessKey } from './iam/types.js';
import { AwsIamGateway } from './iam/gateway.js';
import { PropagationLedger, type Clock } from './retry.js';

export interface AwsGatewayOptions {
  iam: IAMClient;
  eks: EKSClient;
  /** progress lines for IAM propagation and add-on waits */
  onWait?: (message: string) => void;
  /** how to reach STS with a new access key (default: the IAM client's region, SDK endpoint resolution) */
  stsWithKey?: (key: NewAccessKey) => STSClient;
  clock?: Clock;
  maxWaitMs?: number;
}

export function createAwsGateways(opts: AwsGatewayOptions): { iam: AwsIamGateway; eks: AwsEksGateway } {
  // One ledger per run: EKS errors about a principal heal only if IAM created it in this run.
  const ledger = new PropagationLedger();
  return {
    iam: new AwsIamGateway({ iam: opts.iam, onWait: opts.onWait, stsWithKey: opts.stsWithKey, clock: opts.clock, maxWaitMs: opts.maxWaitMs, ledger }),
    eks: new AwsEksGateway({ eks: opts.eks, onWait: opts.onWait, clock: opts.clock, maxWaitMs: opts.maxWaitMs, ledger }),
  };
}

export { AwsEksGateway, AwsIamGateway };
