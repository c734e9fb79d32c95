// Shared by the AWS front and the Kubernetes API server of the sandbox: the request log,
// injected faults and latency. Each server renders a fault in its own protocol
// (IAM/STS query XML, EKS REST-JSON, Kubernetes Status), so a fault here is only a kind.
import { appendFileSync } from 'node:fs';

export type Service = 'iam' | 'sts' | 'eks' | 'k8s' | 'seqera';

export interface RequestLogEntry {
  time: string;
  service: Service;
  /** e.g. `iam:CreateRole`, `eks:DescribeCluster`, `k8s:PATCH serviceaccounts`, `seqera:CreateCredentials` */
  operation: string;
  kind: 'read' | 'write';
  status: number;
  /** set when the response was an injected fault */
  fault?: FaultKind;
  /** when the request arrived (ISO); `time` is when the answer went out, so [startedAt, time] is
   * the span the call was in flight (apply's concurrency tests compare spans) */
  startedAt?: string;
}

export type FaultKind = 'throttling' | 'internal' | 'access-denied' | 'conflict';

export interface FaultRule {
  /** fail the k-th write request (1-based) counted from when the rule was added */
  nthWrite?: number;
  /** or fail a named operation, e.g. `iam:CreateRole` or `k8s:PUT configmaps` */
  operation?: string;
  kind: FaultKind;
  /** how many times the rule fires (default 1) */
  times?: number;
}

export class RequestLog {
  private readonly list: RequestLogEntry[] = [];
  constructor(private readonly file?: string) {}

  record(entry: Omit<RequestLogEntry, 'time'>): void {
    const full: RequestLogEntry = { time: new Date().toISOString(), ...entry };
    this.list.push(full);
    if (this.file) appendFileSync(this.file, JSON.stringify(full) + '\n');
  }
  entries(): readonly RequestLogEntry[] {
    return this.list;
  }
  writes(): RequestLogEntry[] {
    return this.list.filter((e) => e.kind === 'write');
  }
  clear(): void {
    this.list.length = 0;
  }
}

export class Faults {
  private rules: Array<FaultRule & { seenWrites: number; fired: number }> = [];

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, seenWrites: 0, fired: 0 });
  }
  clear(): void {
    this.rules = [];
  }
  /**
   * Called once per request before it is served; returns the fault to inject, if any. Every
   * write is counted by every `nthWrite` rule, so several rules added together each fire at
   * their own write.
   */
  check(operation: string, kind: 'read' | 'write'): FaultKind | undefined {
    let fault: FaultKind | undefined;
    for (const rule of this.rules) {
      if (rule.fired >= (rule.times ?? 1)) continue;
      const hit =
        rule.operation !== undefined
          ? rule.operation === operation
          : rule.nthWrite !== undefined && kind === 'write' && ++rule.seenWrites === rule.nthWrite;
      if (hit && fault === undefined) {
        rule.fired++;
        fault = rule.kind;
      }
    }
    return fault;
  }
}

export interface Observer {
  log: RequestLog;
  faults: Faults;
  latencyMs: number;
}

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
