// Acceptance (issue 4, item 1) for --identity irsa, each --seqera-auth mode (aws-modes-suite.ts).
import { defineAwsModesSuite } from './aws-modes-suite.js';

defineAwsModesSuite('irsa');
