// Value rules for every setting. Each check returns the broken rule as text (shown to the user
// next to the flag) or undefined when the value is fine. They run before any request, so a typo
// never reaches AWS or the cluster.
import type { WorkDir } from '../../settings/types.js';

export type Check = (value: string) => string | undefined;

/**
 * Anything that ends up inside an ARN or an IAM policy must not carry IAM wildcards or policy
 * variables: `*` and `?` widen a Resource or Principal, `${...}` is expanded by IAM
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 */
export const noWildcards: Check = (v) =>
  /[*?]|\$\{/.test(v) ? 'must not contain *, ? or ${ (it ends up in an IAM policy or ARN)' : undefined;

/** Runs the wildcard check first so the user sees the reason that matters most, once. */
export function policySafe(check: Check): Check {
  return (v) => noWildcards(v) ?? check(v);
}

/** https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html (name) */
export const clusterName: Check = (v) =>
  v.length < 1 || v.length > 100 || !/^[0-9A-Za-z][A-Za-z0-9_-]*$/.test(v)
    ? 'must be 1-100 characters: letters, digits, - and _, starting with a letter or digit'
    : undefined;

/**
 * A workspace slug ends up in a namespace, a Kubernetes username, IAM names and tags: lowercase
 * letters, digits and inner hyphens keep it valid in all of them (a DNS label, an IAM name).
 */
export const workspaceSlug: Check = (v) =>
  /^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$/.test(v)
    ? undefined
    : 'must be 1-20 characters: lowercase letters, digits and -, starting and ending with a letter or digit';

/** Commercial, China and GovCloud regions: us-east-1, cn-north-1, us-gov-west-1. */
export const region: Check = (v) =>
  /^[a-z]{2}(-[a-z]+)+-\d+$/.test(v) ? undefined : 'must be an AWS region such as us-east-1 or eu-west-2';

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
export const bucketName: Check = (v) => {
  if (v.length < 3 || v.length > 63) return 'S3 bucket names are 3-63 characters long';
  if (!/^[a-z0-9.-]+$/.test(v)) return 'S3 bucket names use only lowercase letters, digits, dots and hyphens';
  if (!/^[a-z0-9].*[a-z0-9]$/.test(v)) return 'S3 bucket names begin and end with a letter or digit';
  if (v.includes('..')) return 'S3 bucket names must not contain two adjacent dots';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) return 'S3 bucket names must not look like an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(v)) return 'S3 bucket names must not start with xn--, sthree- or amzn-s3-demo-';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(v))
    return 'S3 bucket names must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3';
  return undefined;
};

export const WORK_DIR_RULE = 'must be s3://BUCKET or s3://BUCKET/PREFIX';

/**
 * s3://bucket[/prefix], trailing slash dropped. The prefix becomes `bucket/prefix/*` in the IAM
 * policies, so it gets the wildcard rule; empty segments (`a//b`) and whitespace are refused
 * because Nextflow and Fusion would write somewhere other than what the policy allows.
 */
export function parseWorkDir(raw: string): { workDir?: WorkDir; rule?: string } {
  const m = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(raw.trim());
  if (!m) return { rule: WORK_DIR_RULE };
  const bucket = m[1] ?? '';
  const prefix = (m[2] ?? '').replace(/\/+$/, '');
  const bucketRule = bucket === '' ? WORK_DIR_RULE : policySafe(bucketName)(bucket);
  if (bucketRule) return { rule: bucketRule };
  if (prefix !== '') {
    const bad = noWildcards(prefix);
    if (bad) return { rule: `the prefix ${bad}` };
    if (prefix.startsWith('/') || prefix.includes('//')) return { rule: 'the prefix must not contain empty segments (//)' };
    if (/[\s\u0000-\u001f\u007f]/.test(prefix)) return { rule: 'the prefix must not contain spaces or control characters' };
    if (Buffer.byteLength(prefix) > 900) return { rule: 'the prefix must be at most 900 bytes (S3 keys are at most 1024)' };
  }
  return { workDir: { uri: prefix ? `s3://${bucket}/${prefix}` : `s3://${bucket}`, bucket, prefix } };
}

/** `--data-bucket` takes a bucket name; a pasted s3://bucket/ is accepted and reduced to the name. */
export function dataBucketName(raw: string): string {
  return raw.trim().replace(/^s3:\/\//, '').replace(/\/+$/, '');
}

/** https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names */
export const dnsLabel: Check = (v) =>
  v.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v)
    ? undefined
    : 'must be a DNS-1123 label: at most 63 lowercase letters, digits and -, starting and ending with a letter or digit';

/**
 * Namespaces Kubernetes itself uses. The launcher Role grants create/delete on ConfigMaps in its
 * namespace: in kube-system that includes aws-auth, which would let Seqera's user map itself to
 * system:masters. kube-public is world-readable and kube-node-lease holds node heartbeats.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
 */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

/** A DNS label that is not one of Kubernetes' own namespaces. */
export const namespaceName: Check = (v) =>
  dnsLabel(v) ??
  (SYSTEM_NAMESPACES.includes(v)
    ? `must not be a Kubernetes system namespace (${SYSTEM_NAMESPACES.join(', ')}): the launcher Role would give Seqera write access to it (in kube-system, to aws-auth)`
    : undefined);

/** https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names */
export const dnsSubdomain: Check = (v) =>
  v.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(v)
    ? undefined
    : 'must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, - and ., starting and ending with a letter or digit';

/** https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (ExternalId) */
export const externalId: Check = (v) =>
  v.length >= 2 && v.length <= 1224 && /^[\w+=,.@:/-]+$/.test(v)
    ? undefined
    : 'must be 2-1224 characters: letters, digits and +=,.@:/-_';

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (Path) */
export const iamPath: Check = (v) =>
  v.length <= 512 && /^(\/|\/[\u0021-\u007e]+\/)$/.test(v)
    ? undefined
    : 'must be / or start and end with / (for example /seqera/), at most 512 characters';

/** IAM user, role and policy names: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names */
export const iamNamePrefix: Check = (v) =>
  v.length >= 1 && v.length <= 64 && /^[\w+=,.@-]+$/.test(v)
    ? undefined
    : 'must be 1-64 characters: letters, digits and +=,.@-_';

const PARTITION = 'aws(-[a-z]+)*';

/** Principal to trust: an IAM role or user ARN, never a wildcard or an assumed-role session. */
export const principalArn: Check = (v) =>
  new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(role|user)(/[\\u0021-\\u007e]*)?/[\\w+=,.@-]{1,64}$`).test(v)
    ? undefined
    : 'must be an IAM role or user ARN such as arn:aws:iam::123456789012:role/NAME';

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html */
export const policyArn: Check = (v) =>
  new RegExp(`^arn:${PARTITION}:iam::(\\d{12}|aws):policy(/[\\u0021-\\u007e]*)?/[\\w+=,.@-]{1,128}$`).test(v)
    ? undefined
    : 'must be an IAM managed policy ARN such as arn:aws:iam::123456789012:policy/NAME';

export const accountId: Check = (v) => (/^\d{12}$/.test(v) ? undefined : 'must be a 12-digit AWS account id');

/** https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/ (and > 0) */
export const storageSize: Check = (v) =>
  /^(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[kMGTPE]|[eE]\+?\d+)?$/.test(v) && /[1-9]/.test(v.replace(/[eE].*$/, ''))
    ? undefined
    : 'must be a positive Kubernetes quantity such as 100Gi or 1Ti';

export const nonEmpty: Check = (v) => (v.trim() === '' ? 'must not be empty' : undefined);

export function oneOf(choices: readonly string[]): Check {
  return (v) => (choices.includes(v) ? undefined : `must be one of: ${choices.join(', ')}`);
}

/** Booleans from env vars and answers files: true/false, 1/0, yes/no. */
export function parseBoolean(v: string | boolean): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = v.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'off', ''].includes(s)) return false;
  return undefined;
}
