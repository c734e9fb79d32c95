export * from './document.js';
export * from './normalize.js';
export * from './diff.js';
export * from './seqera.js';
export * from './fusion.js';
export * from './workload-trust.js';
export * from './operator.js';
