// What the front's handlers share: state, moto look-ups, the Kubernetes server's endpoint, and
// turning an access key into the IAM principal that owns it.
import type { KubeApiServerHandle } from '../contracts.js';
import { IamPropagation } from '../iam/propagation.js';
import type { MotoClients } from './moto-clients.js';
import { notFound } from './reply.js';
import type { ClusterState, FrontState } from './state.js';
import { AUTH_MODES } from './state.js';

export type KubeLink = Pick<KubeApiServerHandle, 'url' | 'caPem' | 'verifyServiceAccountToken'>;

export interface Principal {
  /** IAM user ARN, or the role ARN with its path for an assumed-role key */
  arn: string;
  sessionName?: string;
  /** unique id: GetCallerIdentity's UserId for a user, the role's id at AssumeRole time */
  id?: string;
}

export class FrontContext {
  kube?: KubeLink;
  /** the front's own URL (AWS_ENDPOINT_URL) */
  selfUrl?: string;
  /** IAM changes still propagating (iam/propagation.ts), e.g. `propagation.fresh('key:' + akid, 'created')` */
  readonly propagation = new IamPropagation();
  private readonly userArnCache = new Map<string, { arn: string; id?: string }>();

  constructor(
    readonly state: FrontState,
    readonly moto: MotoClients,
    readonly region: string,
    readonly accountId: string,
    /** access keys that are not IAM users' (the sandbox's own): moto answers `user/moto` */
    readonly baseKeyIds: ReadonlySet<string>,
  ) {}

  clearCaches(): void {
    this.userArnCache.clear();
  }

  /** The IAM principal of an access key the front has seen issued; undefined when unknown. */
  async principalOf(accessKeyId: string): Promise<Principal | undefined> {
    const key = this.state.keys.get(accessKeyId);
    if (!key) return undefined;
    if (key.roleArn) return { arn: key.roleArn, sessionName: key.sessionName, ...(key.principalId ? { id: key.principalId } : {}) };
    let cached = this.userArnCache.get(accessKeyId);
    if (!cached) {
      const who = await this.moto.callerIdentity({ accessKeyId, secretAccessKey: key.secret, sessionToken: key.sessionToken });
      const raw = who.arn;
      if (!raw) return undefined;
      // moto answers an unknown (or deleted) key with its default identity `arn:aws:sts::ACCT:user/moto`
      if (/:user\/moto$/.test(raw) && !this.baseKeyIds.has(accessKeyId)) return undefined;
      const arn = raw.replace(/^arn:(aws[\w-]*):sts::(\d{12}):user\//, 'arn:$1:iam::$2:user/');
      // the sandbox's own key is no IAM user: it has no unique id to bind to
      cached = { arn, ...(this.baseKeyIds.has(accessKeyId) ? {} : { id: who.userId }) };
      this.userArnCache.set(accessKeyId, cached);
    }
    return { ...cached };
  }

  /** The cluster's front state; clusters created in moto behind the front's back are adopted. */
  async cluster(name: string): Promise<ClusterState> {
    const c = this.state.clusters.get(name);
    if (c) return c;
    if (await this.moto.clusterExists(name)) {
      const arn = `arn:aws:eks:${this.region}:${this.accountId}:cluster/${name}`;
      return this.state.newCluster(name, arn, AUTH_MODES[0]!, true);
    }
    throw notFound(`No cluster found for name: ${name}.`);
  }
}
