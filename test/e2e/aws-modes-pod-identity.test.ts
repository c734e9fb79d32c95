// Acceptance (issue 4, item 1) for --identity pod-identity, each --seqera-auth mode (aws-modes-suite.ts).
import { defineAwsModesSuite } from './aws-modes-suite.js';

defineAwsModesSuite('pod-identity');
