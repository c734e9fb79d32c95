// The SDK clients and credential chain createAwsClients() loads on first use (see s3.ts for why a list).
export { defaultProvider } from '@aws-sdk/credential-provider-node';
export { EKSClient } from '@aws-sdk/client-eks';
export { IAMClient } from '@aws-sdk/client-iam';
export { STSClient } from '@aws-sdk/client-sts';
