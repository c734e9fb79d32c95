// How moto_server is launched. moto only knows AWS managed policies (AmazonEKSWorkerNodePolicy,
// ...) when MOTO_IAM_LOAD_MANAGED_POLICIES=true, and then builds all ~1,500 of them every time
// its IAM backend starts, i.e. after every /moto-api/reset: ~0.5-1.5 s per reset on these
// machines. When moto_server is a Python entry script, it is run through this wrapper instead,
// which keeps only the managed policies an EKS/Seqera set-up uses (same names, ARNs, documents).
// EKS_SEQERA_SANDBOX_ALL_MANAGED_POLICIES=true loads every one.
import { closeSync, openSync, readSync } from 'node:fs';

export const MANAGED_POLICY_PREFIXES = [
  'AmazonEKS',
  'AmazonEC2ContainerRegistry',
  'AmazonS3',
  'AmazonEBSCSIDriver',
  'AmazonEFSCSIDriver',
  'AmazonSSMManagedInstanceCore',
  'AWSServiceRoleForAmazonEKS',
  'AdministratorAccess',
  'PowerUserAccess',
  'ReadOnlyAccess',
  'IAMReadOnlyAccess',
  'IAMFullAccess',
];

// The wrapper also exits when its parent dies (a test worker killed on timeout), so no moto is
// left behind even when stop() never runs. It looks 5 times a second (one getppid call each).
const WRAPPER = `
import json, os, sys, threading, time
parent = os.getppid()
def watch_parent():
    while True:
        time.sleep(0.2)
        if os.getppid() != parent:
            os._exit(0)
threading.Thread(target=watch_parent, daemon=True).start()
import moto.iam.aws_managed_policies as data
import moto.iam.models as models
keep = tuple(json.loads(sys.argv.pop(1)))
policies = json.loads(data.aws_managed_policies_data)
models.aws_managed_policies_data = json.dumps({k: v for k, v in policies.items() if k.startswith(keep)})
# moto's EKS checks every CreateCluster/CreateNodegroup role ARN against
# boto3.Session().get_available_partitions(), which parses botocore's endpoints.json (~0.5 MB)
# again each time: 25 ms, and 100-250 ms when the garbage collector runs after it. The list is
# static data of the installed botocore: parse it once (moto/eks/utils.py validate_role_arn).
import functools
import moto.eks.utils as eks_utils
boto_session = eks_utils.Session
partitions = functools.lru_cache(maxsize=None)(lambda: tuple(boto_session().get_available_partitions()))
class CachedPartitions:
    def get_available_partitions(self):
        return list(partitions())
eks_utils.Session = CachedPartitions
# Python's cyclic garbage collector, run by allocation counts, took ~20% of moto's CPU in the
# suite: each pass walks the tracked objects of the older generations, and moto holds many (its
# modules, botocore's service models). So the automatic passes are off, and one pass runs after
# each reset, where moto drops its state; what survives it (modules, models, empty backends) is
# then frozen out of the collector's reach (gc.freeze), so the next pass walks only what one lease
# made. Between resets, acyclic garbage is still freed by reference counting.
# https://docs.python.org/3/library/gc.html#gc.freeze
# Measured on 4 e2e files (verify-discover-api, aws-faults-iam, cluster-objects, verify/irsa):
# moto 15.0-15.1 s of CPU before, 12.1-12.6 s after. A long npm run sandbox session without
# resets keeps its cyclic garbage until it stops: a few MB per thousand requests.
import gc
import moto.moto_api._internal.models as moto_api_models
backend_reset = moto_api_models.MotoAPIBackend.reset
def reset_and_collect(self):
    backend_reset(self)
    gc.collect()
    gc.freeze()
moto_api_models.MotoAPIBackend.reset = reset_and_collect
gc.collect()
gc.freeze()
gc.disable()
from moto.server import main
sys.argv[0] = 'moto_server'
sys.exit(main())
`;

/** The interpreter of a Python entry script (its #! line), if it is one. */
export function pythonOf(script: string): string | undefined {
  const buf = Buffer.alloc(256);
  let n = 0;
  try {
    const fd = openSync(script, 'r');
    n = readSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
  } catch {
    return undefined;
  }
  const first = buf.subarray(0, n).toString('utf8').split('\n')[0] ?? '';
  const m = /^#!\s*(\S*python[\d.]*)\s*$/.exec(first);
  return m?.[1];
}

export function motoCommand(bin: string, port: number, env: NodeJS.ProcessEnv = process.env): { cmd: string; args: string[] } {
  const serverArgs = ['-H', '127.0.0.1', '-p', String(port)];
  const python = pythonOf(bin);
  if (!python || env.EKS_SEQERA_SANDBOX_ALL_MANAGED_POLICIES === 'true') return { cmd: bin, args: serverArgs };
  return { cmd: python, args: ['-c', WRAPPER, JSON.stringify(MANAGED_POLICY_PREFIXES), ...serverArgs] };
}
