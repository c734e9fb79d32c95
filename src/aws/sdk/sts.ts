// What eks-seqera loads lazily of @aws-sdk/client-sts (see s3.ts for why a list).
export { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
