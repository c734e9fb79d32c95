// Narrow gateway over @aws-sdk/client-iam. Owned by the AWS-side steps.
// Not-found is a value (undefined), never an exception.

export interface IamReader {}

export interface IamWriter {}
