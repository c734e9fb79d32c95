// The cluster-access suite (cluster-access-suite.ts) on an API_AND_CONFIG_MAP cluster whose IAM
// takes 1 s to propagate (sandbox iamPropagationMs): CreateAccessEntry for the principal init
// has just created answers "invalid principal." until then, as EKS does; the suite asserts that
// refusal (request log) and the wait it caused.
// Why 1000 ms: the product retries 1 s after the refusal, then 2 s later (withPropagationRetry,
// src/aws/retry.ts), so at most 1 s ends the wait at the first retry; 2 s cost a second one.
import { defineAccessSuite } from './cluster-access-suite.js';

defineAccessSuite('API_AND_CONFIG_MAP', { iamPropagationMs: 1000 });
