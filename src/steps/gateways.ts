// Steps see AWS and Kubernetes only through these narrow gateways. Readers and writers are
// separate types: read() receives Readers, so calling a write from read() does not compile.
import type { EksReader, EksWriter } from '../aws/eks-gateway.js';
import type { IamReader, IamWriter } from '../aws/iam-gateway.js';
import type { KubeReader, KubeWriter } from '../kube/gateway.js';

export interface Readers {
  iam: IamReader;
  eks: EksReader;
  kube: KubeReader;
}

export interface Writers {
  iam: IamWriter;
  eks: EksWriter;
  kube: KubeWriter;
}
