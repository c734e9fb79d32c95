// Seqera Cloud's platform role exists only in the `aws` partition (arn:aws:iam::161471496260:...),
// and IAM only accepts principals of the role's own partition: in aws-cn or aws-us-gov the trust
// would be refused ("Invalid principal in policy", which never heals). The region's prefix tells
// the partition offline, so this is a usage error before any request.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
import { arnPartition, partitionOf } from '../../aws/partition.js';
import { SEQERA_CLOUD_PRINCIPAL_ARN, type SeqeraAuth } from '../../settings/types.js';

export function seqeraPrincipalPartitionProblem(input: {
  seqeraAuth?: SeqeraAuth;
  region?: string;
  seqeraPrincipalArn?: string;
}): { field: string; rule: string } | undefined {
  if (input.seqeraAuth !== 'role' || !input.region || !input.seqeraPrincipalArn) return undefined;
  const partition = partitionOf(input.region);
  const given = arnPartition(input.seqeraPrincipalArn);
  if (given === undefined || given === partition) return undefined;
  const field = '--seqera-principal-arn';
  if (input.seqeraPrincipalArn === SEQERA_CLOUD_PRINCIPAL_ARN) {
    return {
      field,
      rule:
        `required in region ${input.region} (partition ${partition}): Seqera Cloud's role ${SEQERA_CLOUD_PRINCIPAL_ARN} exists only in the aws partition; ` +
        `give the platform role of your Seqera Enterprise install (arn:${partition}:iam::ACCOUNT:role/NAME)`,
    };
  }
  return { field, rule: `must be in partition ${partition} (region ${input.region}), not ${given} (got ${input.seqeraPrincipalArn})` };
}
