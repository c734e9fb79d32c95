// Issue 5, acceptance 1 on a CONFIG_MAP cluster: the Seqera principal enters through
// kube-system/aws-auth (mapUsers for the keys-mode user, mapRoles for the role).
import { defineAccessSuite } from './cluster-access-suite.js';

defineAccessSuite('CONFIG_MAP');
