// `eks-seqera policy`: the IAM documents init would create, for a security review or for
// pre-creating them; `--operator`: the least-privilege policy the operator needs to run init.
import type { Command } from 'commander';
import { ExitCode, type ExitCodeValue } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { prepare } from './prepare.js';

export async function run(ctx: CommandContext, cmd: Command): Promise<ExitCodeValue> {
  const operator = cmd.opts().operator === true;
  // The operator policy needs no External ID: resolve with verify's requirements.
  const { settings, run, io } = await prepare(ctx, cmd, operator ? 'verify' : 'policy');
  if (operator) {
    const { operatorPolicy } = await import('../../policies/operator.js');
    const doc = operatorPolicy(settings);
    if (run.output !== 'json') {
      io.err(io.style.dim(`Least-privilege IAM policy to run: eks-seqera init --cluster ${settings.cluster} --region ${settings.region} (account "*": scope it to yours)`));
    }
    io.out(JSON.stringify(doc, null, 2));
    return ExitCode.ok;
  }
  const [{ createAwsClients }, { readFacts }, { deriveNames }, { iamDocuments }] = await Promise.all([
    import('../../aws/clients.js'),
    import('../../pipeline/facts.js'),
    import('../../steps/names.js'),
    import('../../steps/aws/documents.js'),
  ]);
  const aws = await createAwsClients({ region: settings.region, profile: settings.profile });
  const { facts } = await readFacts(settings, aws);
  const docs = iamDocuments({ settings, facts, names: deriveNames(settings, facts), known: {} });
  const problems = docs.filter((d) => d.problem);
  // Always JSON (for a review tool or for pre-creating the documents); problems go to stderr too.
  io.out(JSON.stringify({ documents: docs.map(({ address, title, document, problem }) => ({ address, title, document, problem })) }, null, 2));
  for (const p of problems) io.err(io.style.warn(`not built: ${p.address}: ${p.problem?.message}${p.problem?.fix ? ` (fix: ${p.problem.fix})` : ''}`));
  return problems.length > 0 ? ExitCode.config : ExitCode.ok;
}
