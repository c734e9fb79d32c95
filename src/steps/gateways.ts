// Steps see AWS and Kubernetes only through these narrow gateways. Readers and writers are
// separate types: read() receives Readers, so calling a write from read() does not compile.
import type { EksReader, EksWriter } from '../aws/eks/types.js';
import type { IamReader, IamWriter } from '../aws/iam/types.js';
import type { KubeReader, KubeWriter } from '../kube/gateway.js';
import type { SeqeraReader, SeqeraWriter } from '../seqera/types.js';

export interface Readers {
  iam: IamReader;
  eks: EksReader;
  kube: KubeReader;
  /** present when the run has --seqera-workspace and a token (src/seqera) */
  seqera?: SeqeraReader;
}

export interface Writers {
  iam: IamWriter;
  eks: EksWriter;
  kube: KubeWriter;
  seqera?: SeqeraWriter;
}
