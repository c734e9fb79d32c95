// Narrow gateway over @aws-sdk/client-eks. Owned by the AWS-side steps.
// Not-found is a value (undefined), never an exception.

export interface EksReader {}

export interface EksWriter {}
