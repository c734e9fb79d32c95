// On a re-run the wizard proposes what the live setup holds as each question's default (the
// work directory, sign-in mode, External ID, identity, namespace), read the way verify reads
// them (src/verify/discover.ts). A failed read proposes nothing: the questions still work.
import type { Io } from '../../io/types.js';
import type { Settings } from '../../settings/types.js';
import { rawValue, withValue, type Inputs } from '../settings/inputs.js';

export async function withLiveDefaults(inputs: Inputs, io: Io): Promise<Inputs> {
  const get = (k: keyof Settings) => rawValue(inputs, k) as string | undefined;
  try {
    const [{ createAwsClients }, { GetCallerIdentityCommand }, { createAwsGateways }, { deriveNames }, { readLiveSetup }] = await Promise.all([
      import('../../aws/clients.js'),
      import('../../aws/sdk/sts.js'),
      import('../../aws/aws-gateways.js'),
      import('../../steps/names.js'),
      import('../../verify/discover.js'),
    ]);
    const aws = await createAwsClients({ region: get('region')!, profile: get('profile') });
    const me = await aws.sts.send(new GetCallerIdentityCommand({}));
    const facts = { partition: me.Arn?.split(':')[1] ?? 'aws', accountId: me.Account ?? '', cluster: {} };
    // Only the name-shaping settings matter here: prefix, cluster and IAM path.
    const shaping = { namePrefix: get('namePrefix'), cluster: get('cluster'), iamPath: get('iamPath'), seqeraAuth: 'role', assumeRole: false } as Settings;
    const names = deriveNames(shaping, facts as Parameters<typeof deriveNames>[1]);
    const live = await readLiveSetup(names, { iam: createAwsGateways({ iam: aws.iam, eks: aws.eks }).iam });
    if (live.length === 0) return inputs;
    io.err(io.style.dim(`  Found an existing setup for ${get('cluster')}: its values are proposed below.`));
    let out = inputs;
    for (const v of live) {
      const raw =
        v.key === 'workDir'
          ? (v.value as Settings['workDir'])!.uri
          : v.key === 'dataPaths'
            ? (v.value as NonNullable<Settings['dataPaths']>).map((p) => p.uri)
            : (v.value as string | boolean);
      out = withValue(out, v.key, raw, 'default', `the live setup (${v.from})`);
    }
    return out;
  } catch (err) {
    if ((err as Error)?.name === 'CancelledError') throw err;
    return inputs;
  }
}
