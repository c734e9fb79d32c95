// verify with only --cluster and --region, aws-auth (CONFIG_MAP): see the suite.
import { defineVerifyDiscoverSuite } from './verify-discover-suite.js';

defineVerifyDiscoverSuite('CONFIG_MAP', ['keys+assume-role', 'pod-identity']);
