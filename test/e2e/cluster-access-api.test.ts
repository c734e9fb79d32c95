// Issue 5, acceptance 1 on an API_AND_CONFIG_MAP cluster: the Seqera principal enters through
// an EKS access entry (username tower-launcher-user) and aws-auth is left untouched.
import { defineAccessSuite } from './cluster-access-suite.js';

defineAccessSuite('API_AND_CONFIG_MAP');
