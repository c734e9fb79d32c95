// What eks-seqera loads lazily of @aws-sdk/client-eks (see s3.ts for why a list).
export { DescribeClusterCommand, DescribeNodegroupCommand, EKSClient, paginateListClusters, paginateListNodegroups } from '@aws-sdk/client-eks';
