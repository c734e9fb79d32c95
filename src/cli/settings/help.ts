// Examples printed after each command's --help: the common ways people run it.
import type { CommandName } from '../flags.js';

const block = (lines: string[]) => `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;

export const EXAMPLES: Record<CommandName, string> = {
  init: block([
    '# interactive: asks for what is missing, shows the plan, applies on approval',
    '$ eks-seqera init',
    '',
    '# CI: everything from flags, no prompts, apply without asking',
    '$ eks-seqera init --cluster prod --region eu-west-1 --work-dir s3://acme-nf/work \\',
    '    --external-id "$SEQERA_EXTERNAL_ID" --yes',
    '',
    '# review only: exit 3 when changes are pending, 0 when up to date',
    '$ eks-seqera init --config seqera.yaml --dry-run --detailed-exitcode',
    '',
    '# Seqera Enterprise: trust your own platform role',
    '$ eks-seqera init --cluster prod --region us-east-1 --work-dir s3://acme-nf \\',
    '    --seqera-principal-arn arn:aws:iam::123456789012:role/seqera-platform --external-id abc123',
    '',
    '# IAM user with access keys, legacy EFS storage',
    '$ eks-seqera init --cluster dev --region us-west-2 --seqera-auth keys \\',
    '    --credentials-file ./seqera-keys.txt --storage legacy --storage-class efs-sc',
  ]),
  verify: block([
    '# check an existing setup end to end, read-only',
    '$ eks-seqera verify --cluster prod --region eu-west-1 --work-dir s3://acme-nf/work',
    '',
    '# the same answers file init used, JSON report for CI',
    '$ eks-seqera verify --config seqera.yaml --output json',
    '',
    '# through your kubeconfig instead of an EKS token',
    '$ eks-seqera verify --config seqera.yaml --kubeconfig ~/.kube/config --context prod',
  ]),
  destroy: block([
    '# show what would be removed (only objects eks-seqera created)',
    '$ eks-seqera destroy --cluster prod --region eu-west-1 --dry-run',
    '',
    '# remove without asking',
    '$ eks-seqera destroy --config seqera.yaml --yes',
    '',
    '# keys mode with a custom name prefix',
    '$ eks-seqera destroy --cluster dev --region us-west-2 --seqera-auth keys --name-prefix acme',
  ]),
  policy: block([
    '# print the IAM documents for a security review',
    '$ eks-seqera policy --cluster prod --region eu-west-1 --work-dir s3://acme-nf/work --external-id abc123',
    '',
    '# as JSON, from an answers file',
    '$ eks-seqera policy --config seqera.yaml --output json',
    '',
    '# with Pod Identity instead of IRSA',
    '$ eks-seqera policy --config seqera.yaml --identity pod-identity',
  ]),
};
