// verify with only --cluster and --region, access entries (API_AND_CONFIG_MAP): see the suite.
import { defineVerifyDiscoverSuite } from './verify-discover-suite.js';

defineVerifyDiscoverSuite('API_AND_CONFIG_MAP', ['role', 'irsa']);
