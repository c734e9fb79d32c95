// The IAM OIDC identity provider for the cluster's issuer (IRSA).
import { AddClientIDToOpenIDConnectProviderCommand, CreateOpenIDConnectProviderCommand, type IAMClient } from '@aws-sdk/client-iam';
import { call, recordToTags } from '../call.js';
import { errorName, toTypedError } from '../errors.js';
import type { Tags } from './types.js';

export function oidcResource(urlOrArn: string): string {
  const marker = ':oidc-provider/';
  const at = urlOrArn.indexOf(marker);
  return `iam:oidc-provider/${at >= 0 ? urlOrArn.slice(at + marker.length) : urlOrArn.replace(/^https:\/\//, '')}`;
}

export async function createOidcProvider(iam: IAMClient, input: { url: string; clientIds: string[]; tags: Tags }): Promise<{ arn: string; created: boolean }> {
  try {
    // No ThumbprintList: IAM fetches and pins the issuer's certificate itself.
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
    const out = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: input.url, ClientIDList: input.clientIds, Tags: recordToTags(input.tags) }));
    return { arn: out.OpenIDConnectProviderArn ?? '', created: true };
  } catch (err) {
    // Someone (eksctl, Terraform, a concurrent run) created it meanwhile: reuse it
    // (terraform-aws-eks#2712 is what happens otherwise).
    if (errorName(err) === 'EntityAlreadyExists') return { arn: '', created: false };
    throw toTypedError(err, { action: 'iam:CreateOpenIDConnectProvider', resource: oidcResource(input.url) });
  }
}

export async function addOidcClientId(iam: IAMClient, providerArn: string, clientId: string): Promise<void> {
  await call({ action: 'iam:AddClientIDToOpenIDConnectProvider', resource: oidcResource(providerArn), arn: providerArn }, () =>
    iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, ClientID: clientId })),
  );
}
