// The Seqera Platform steps (with --seqera-workspace and a token): the credential first, the
// compute environment last (its dependsOn names every step that builds the path Seqera uses).
import type { Step } from '../types.js';
import { seqeraComputeEnvStep } from './compute-env.js';
import { seqeraCredentialStep } from './credential.js';

export const seqeraCredentialSteps: Step[] = [seqeraCredentialStep as Step];
export const seqeraComputeEnvSteps: Step[] = [seqeraComputeEnvStep as Step];
export { seqeraComputeEnvStep, seqeraCredentialStep };
