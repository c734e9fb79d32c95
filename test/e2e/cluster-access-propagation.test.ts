// The cluster-access suite (cluster-access-suite.ts) on an API_AND_CONFIG_MAP cluster whose IAM
// takes 2 s to propagate (sandbox iamPropagationMs): CreateAccessEntry for the principal init
// has just created answers "invalid principal." until then, as EKS does.
import { defineAccessSuite } from './cluster-access-suite.js';

defineAccessSuite('API_AND_CONFIG_MAP', { iamPropagationMs: 2000 });
