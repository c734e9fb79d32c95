// The isolation matrix `verify` reports when a cluster holds Seqera setups (issue 12, item 6):
// one cell per (from setup, to setup or namespace, subject, check). `allowed` is what the cluster
// or IAM answered, `expected` what isolation needs; a cell is ok when they agree. Any cell that
// is not ok fails verify, its detail naming the binding or statement responsible.

export type CellMethod = 'live' | 'document-evaluation' | 'rbac-objects';

export interface IsolationCell {
  /** the setup whose identity acts: `team-a`, `(default)` */
  from: string;
  /** the setup it reaches (`team-b`), itself (positive controls), `*` (cluster-wide) or `namespace NAME` */
  to: string;
  /** `user tower-launcher-user-team-a`, `sa tower-nf-team-a/tower-launcher-sa`, `fusion role NAME`, `seqera principal` */
  subject: string;
  /** `create pods`, `named by RoleBinding`, `s3 list s3://b/p`, `assume Seqera role`, ... */
  check: string;
  allowed: boolean;
  expected: boolean;
  ok: boolean;
  detail: string;
  method: CellMethod;
}

export interface IsolationMatrix {
  workspaces: Array<{ name: string; namespace: string; kubeUsername: string }>;
  cells: IsolationCell[];
}

export const cell = (c: Omit<IsolationCell, 'ok'>): IsolationCell => ({ ...c, ok: c.allowed === c.expected });
