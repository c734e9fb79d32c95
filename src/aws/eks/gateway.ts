// EksReader/EksWriter over the SDK v3 EKS client.
import {
  CreateAccessEntryCommand,
  CreateAddonCommand,
  CreatePodIdentityAssociationCommand,
  DescribeAccessEntryCommand,
  DescribeAddonCommand,
  DescribePodIdentityAssociationCommand,
  type EKSClient,
  paginateListPodIdentityAssociations,
  UpdateAccessEntryCommand,
  UpdatePodIdentityAssociationCommand,
} from '@aws-sdk/client-eks';
import { EksSeqeraError, ExitCode } from '../../errors.js';
import { disassociateAccessPolicy, listAssociatedAccessPolicies } from './access-policies.js';
import { deleteAccessEntry, deleteAddon, deletePodIdentityAssociation } from './delete.js';
import { listFargateSelectors, listNodeAccessEntries } from './node-reads.js';
import { listAccessEntries, listPodIdentityAssociations } from './setup-reads.js';
import type { FargateSelector } from './types.js';
import { call, readOrUndefined } from '../call.js';
import type { AccessEntryState, AddonState, AssociatedAccessPolicy, CreateAssociationInput, EksWriter, PodIdentityAssociationState } from './types.js';
import { errorName, toTypedError } from '../errors.js';
import type { Tags } from '../iam/types.js';
import {
  DEFAULT_MAX_WAIT_MS,
  PropagationLedger,
  realClock,
  transientFor,
  withPropagationRetry,
  type Clock,
  type TransientCheck,
} from '../retry.js';

export interface AwsEksGatewayOptions {
  eks: EKSClient;
  onWait?: (message: string) => void;
  clock?: Clock;
  /** IAM propagation budget */
  maxWaitMs?: number;
  /** add-on creation budget (usually about a minute) */
  addonWaitMs?: number;
  addonPollMs?: number;
  /** what this run created in IAM (shared with the IAM gateway): decides which errors heal with time */
  ledger?: PropagationLedger;
}

const FAILED_ADDON = new Set(['CREATE_FAILED', 'DEGRADED', 'UPDATE_FAILED', 'DELETE_FAILED']);

export class AwsEksGateway implements EksWriter {
  private readonly eks: EKSClient;
  private readonly clock: Clock;
  private readonly ledger: PropagationLedger;

  constructor(private readonly opts: AwsEksGatewayOptions) {
    this.eks = opts.eks;
    this.clock = opts.clock ?? realClock;
    this.ledger = opts.ledger ?? new PropagationLedger();
  }

  async describeAddon(cluster: string, addonName: string): Promise<AddonState | undefined> {
    const got = await readOrUndefined({ action: 'eks:DescribeAddon', resource: `eks:addon/${addonName}` }, () =>
      this.eks.send(new DescribeAddonCommand({ clusterName: cluster, addonName })),
    );
    const addon = got?.addon;
    if (!addon) return undefined;
    return {
      name: addon.addonName ?? addonName,
      status: addon.status ?? 'UNKNOWN',
      version: addon.addonVersion,
      issues: (addon.health?.issues ?? []).map((i) => ({ code: i.code ?? '', message: i.message ?? '' })),
      tags: addon.tags ?? {},
    };
  }

  async findPodIdentityAssociation(cluster: string, namespace: string, serviceAccount: string): Promise<PodIdentityAssociationState | undefined> {
    const resource = `eks:pod-identity-association/${namespace}/${serviceAccount}`;
    const ids = await call({ action: 'eks:ListPodIdentityAssociations', resource }, async () => {
      const out: string[] = [];
      const pages = paginateListPodIdentityAssociations({ client: this.eks }, { clusterName: cluster, namespace, serviceAccount });
      for await (const page of pages) for (const a of page.associations ?? []) if (a.associationId) out.push(a.associationId);
      return out;
    });
    // At most one association exists per (namespace, service account).
    const id = ids[0];
    if (id === undefined) return undefined;
    const got = await readOrUndefined({ action: 'eks:DescribePodIdentityAssociation', resource }, () =>
      this.eks.send(new DescribePodIdentityAssociationCommand({ clusterName: cluster, associationId: id })),
    );
    const a = got?.association;
    if (!a) return undefined;
    return {
      associationId: a.associationId ?? id,
      associationArn: a.associationArn ?? '',
      namespace: a.namespace ?? namespace,
      serviceAccount: a.serviceAccount ?? serviceAccount,
      roleArn: a.roleArn ?? '',
      disableSessionTags: a.disableSessionTags === true,
      tags: a.tags ?? {},
    };
  }

  async describeAccessEntry(cluster: string, principalArn: string): Promise<AccessEntryState | undefined> {
    const got = await readOrUndefined({ action: 'eks:DescribeAccessEntry', resource: `eks:access-entry/${principalArn}` }, () =>
      this.eks.send(new DescribeAccessEntryCommand({ clusterName: cluster, principalArn })),
    );
    const e = got?.accessEntry;
    if (!e) return undefined;
    return {
      principalArn: e.principalArn ?? principalArn,
      username: e.username,
      kubernetesGroups: e.kubernetesGroups ?? [],
      type: e.type,
      tags: e.tags ?? {},
      ...(e.createdAt ? { createdAt: e.createdAt.toISOString() } : {}),
    };
  }

  async createAddon(cluster: string, addonName: string, tags: Tags): Promise<void> {
    await call({ action: 'eks:CreateAddon', resource: `eks:addon/${addonName}` }, () =>
      this.eks.send(new CreateAddonCommand({ clusterName: cluster, addonName, tags })),
    );
  }

  async waitForAddonActive(cluster: string, addonName: string): Promise<AddonState> {
    const budget = this.opts.addonWaitMs ?? 10 * 60_000;
    const poll = this.opts.addonPollMs ?? 5000;
    const start = this.clock.now();
    for (;;) {
      const addon = await this.describeAddon(cluster, addonName);
      const status = addon?.status ?? 'ABSENT';
      if (addon && status === 'ACTIVE') return addon;
      if (addon && FAILED_ADDON.has(status)) {
        const issues = addon.issues.map((i) => `${i.code}: ${i.message}`).join('; ') || 'no health issues reported';
        throw new EksSeqeraError(`Add-on ${addonName} on cluster ${cluster} is ${status}: ${issues}`, ExitCode.unexpected, {
          resource: `eks:addon/${addonName}`,
          fix: `Inspect it with \`aws eks describe-addon --cluster-name ${cluster} --addon-name ${addonName}\`, fix the issues, then re-run \`eks-seqera init\`.`,
        });
      }
      const elapsed = this.clock.now() - start;
      if (elapsed + poll > budget) {
        throw new EksSeqeraError(`Add-on ${addonName} on cluster ${cluster} is still ${status} after ${Math.round(elapsed / 1000)}s`, ExitCode.unexpected, {
          resource: `eks:addon/${addonName}`,
          fix: 'Wait for it to become ACTIVE, then re-run `eks-seqera init`.',
        });
      }
      this.opts.onWait?.(`waiting for add-on ${addonName} to become ACTIVE (now ${status}, ${Math.round(elapsed / 1000)}s)`);
      await this.clock.sleep(poll);
    }
  }

  private retrying<T>(fn: () => Promise<T>, transient: TransientCheck): Promise<T> {
    return withPropagationRetry(fn, transient, {
      clock: this.clock,
      maxWaitMs: this.opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
      onWait: this.opts.onWait,
    });
  }

  async createPodIdentityAssociation(input: CreateAssociationInput): Promise<'created' | 'exists'> {
    const site = { action: 'eks:CreatePodIdentityAssociation', resource: `eks:pod-identity-association/${input.namespace}/${input.serviceAccount}` };
    try {
      await this.retrying(
        () =>
          this.eks.send(
            new CreatePodIdentityAssociationCommand({
              clusterName: input.cluster,
              namespace: input.namespace,
              serviceAccount: input.serviceAccount,
              roleArn: input.roleArn,
              tags: input.tags,
            }),
          ),
        transientFor({ operation: 'eks:CreatePodIdentityAssociation', arn: input.roleArn }, this.ledger),
      );
      return 'created';
    } catch (err) {
      if (errorName(err) === 'ResourceInUseException') return 'exists';
      throw toTypedError(err, site);
    }
  }

  async updatePodIdentityAssociation(cluster: string, associationId: string, roleArn: string): Promise<void> {
    await this.retrying(
      () =>
        call({ action: 'eks:UpdatePodIdentityAssociation', resource: `eks:pod-identity-association/${associationId}` }, () =>
          this.eks.send(new UpdatePodIdentityAssociationCommand({ clusterName: cluster, associationId, roleArn, disableSessionTags: false })),
        ),
      transientFor({ operation: 'eks:UpdatePodIdentityAssociation', arn: roleArn }, this.ledger),
    );
  }

  async createAccessEntry(input: { cluster: string; principalArn: string; username: string; tags: Tags }): Promise<'created' | 'exists'> {
    const site = { action: 'eks:CreateAccessEntry', resource: `eks:access-entry/${input.principalArn}` };
    try {
      await this.retrying(
        () =>
          this.eks.send(
            new CreateAccessEntryCommand({
              clusterName: input.cluster,
              principalArn: input.principalArn,
              type: 'STANDARD',
              username: input.username,
              tags: input.tags,
            }),
          ),
        transientFor({ operation: 'eks:CreateAccessEntry', arn: input.principalArn }, this.ledger),
      );
      return 'created';
    } catch (err) {
      if (errorName(err) === 'ResourceInUseException') return 'exists';
      throw toTypedError(err, site);
    }
  }

  async updateAccessEntry(cluster: string, principalArn: string, username: string): Promise<void> {
    await call({ action: 'eks:UpdateAccessEntry', resource: `eks:access-entry/${principalArn}` }, () =>
      this.eks.send(new UpdateAccessEntryCommand({ clusterName: cluster, principalArn, username })),
    );
  }

  // run-time prerequisites (./node-reads.ts)
  listNodeAccessEntries = (cluster: string): Promise<string[]> => listNodeAccessEntries(this.eks, cluster);
  listFargateSelectors = (cluster: string): Promise<FargateSelector[]> => listFargateSelectors(this.eks, cluster);
  // list and verify isolation (./setup-reads.ts)
  listAccessEntries = (cluster: string): Promise<AccessEntryState[]> => listAccessEntries(this.eks, cluster);
  listPodIdentityAssociations = (cluster: string): Promise<PodIdentityAssociationState[]> => listPodIdentityAssociations(this.eks, cluster);

  // destroy (./delete.ts)
  deleteAccessEntry = (cluster: string, principalArn: string): Promise<void> => deleteAccessEntry(this.eks, cluster, principalArn);
  listAssociatedAccessPolicies = (cluster: string, principalArn: string): Promise<AssociatedAccessPolicy[]> => listAssociatedAccessPolicies(this.eks, cluster, principalArn);
  disassociateAccessPolicy = (cluster: string, principalArn: string, policyArn: string): Promise<void> => disassociateAccessPolicy(this.eks, cluster, principalArn, policyArn);
  deletePodIdentityAssociation = (cluster: string, associationId: string): Promise<void> => deletePodIdentityAssociation(this.eks, cluster, associationId);
  deleteAddon = (cluster: string, addonName: string): Promise<void> => deleteAddon(this.eks, cluster, addonName);
}
