// The parts of @kubernetes/client-node eks-seqera uses, for the places that load it lazily
// (`await import('./client-node.js')`). The build bundles packages (scripts/build.mjs), and
// esbuild cannot trim what a dynamic import of the package itself reaches: all 60-odd API
// groups and ~850 models (~110 MB of RSS and ~0.4 s to load on Node 20). Through this list it
// keeps only these. https://esbuild.github.io/api/#tree-shaking
export { ApisApi, AuthorizationV1Api, CoreV1Api, KubeConfig, PatchStrategy, RbacAuthorizationV1Api, StorageV1Api, setHeaderOptions } from '@kubernetes/client-node';
