// What eks-seqera uses of @aws-sdk/client-s3, for the modules that load it lazily. A dynamic
// import of the package keeps every S3 command in the bundle (esbuild does not trim dynamic
// imports: https://esbuild.github.io/api/#tree-shaking); one of this list keeps these.
export { GetBucketEncryptionCommand, GetObjectCommand, HeadBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
