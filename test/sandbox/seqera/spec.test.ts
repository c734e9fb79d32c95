// The OpenAPI -> ajv translation (spec.ts): what the fake refuses in requests and what it would
// refuse in its own responses (its self-check), straight from seqera-api-eks-subset.yaml.
import { describe, expect, it } from 'vitest';
import { loadSpec } from './spec.js';

const spec = loadSpec();
const roleKeys = { discriminator: 'aws', mode: 'role', assumeRoleArn: 'arn:aws:iam::123456789012:role/r', externalId: 'e' };

describe('the spec file', () => {
  it('is Seqera API 1.187.0 with every operation the fake serves', () => {
    expect(spec.version).toBe('1.187.0');
    const ops = spec.operations.map((o) => `${o.method} ${o.template}`);
    for (const op of ['GET /service-info', 'GET /user-info', 'GET /user/{userId}/workspaces', 'POST /credentials', 'PUT /credentials/{credentialsId}', 'POST /credentials/{credentialsId}/validate', 'POST /compute-envs', 'PUT /compute-envs/{computeEnvId}', 'POST /compute-envs/{computeEnvId}/primary', 'GET /platforms/{platformId}']) {
      expect(ops).toContain(op);
    }
    expect(spec.operations.find((o) => o.operationId === 'DescribePlatform')!.query.filter((q) => q.required).map((q) => q.name)).toEqual(['regionId', 'credentialsId']);
  });
});

describe('requests', () => {
  it('accepts the bodies tw sends (tower-cli AwsProviderTest, EksPlatformTest)', () => {
    expect(spec.checkRequest('CreateCredentialsRequest', { credentials: { keys: { mode: 'role', assumeRoleArn: 'arn:aws:iam::222222222222:role/CustomerRole' }, name: 'aws-role-jump', provider: 'aws' } })).toBeUndefined();
    expect(spec.checkRequest('UpdateCredentialsRequest', { credentials: { keys: { mode: 'role', assumeRoleArn: 'arn' }, id: 'kfKx9xRgzpIIZrbCMOcU4', name: 'aws', provider: 'aws' } })).toBeUndefined();
    const config = { workDir: '/workdir', region: 'europe', clusterName: 'tower', namespace: 'nf', headServiceAccount: 'head', storageClaimName: 'nf' };
    expect(spec.checkRequest('CreateComputeEnvRequest', { computeEnv: { credentialsId: '6XfOhoztUq6de3Dw3X9LSb', name: 'eks', platform: 'eks-platform', config } })).toBeUndefined();
    expect(spec.checkRequest('CreateComputeEnvRequest', { computeEnv: { name: 'eks', platform: 'eks-platform', config: { ...config, discriminator: 'eks-platform', fusion2Enabled: true, waveEnabled: true } }, labelIds: [1] })).toBeUndefined();
  });

  it('refuses readOnly fields, unknown fields and out-of-range values', () => {
    expect(spec.checkRequest('CreateComputeEnvRequest', { computeEnv: { name: 'e', platform: 'eks-platform', config: {}, status: 'AVAILABLE' } })).toBe("Unrecognized field 'status' at /computeEnv");
    expect(spec.checkRequest('CreateComputeEnvRequest', { computeEnv: { name: 'e', platform: 'eks-platform', config: { headJobCpus: 2 ** 31 } } })).toBe('/computeEnv/config/headJobCpus must match format "int32"');
    expect(spec.checkRequest('CreateComputeEnvRequest', { computeEnv: { name: 'x'.repeat(101), platform: 'eks-platform', config: {} } })).toBe('/computeEnv/name must NOT have more than 100 characters');
    expect(spec.checkRequest('CreateComputeEnvRequest', { computeEnv: { name: 'e', platform: 'eks-platform', config: { podCleanup: 'sometimes' } } })).toBe('/computeEnv/config/podCleanup must be one of on_success, always, never');
    expect(spec.checkRequest('UpdateComputeEnvRequest', { name: 'e', config: {} })).toBe("Unrecognized field 'config' at /");
  });
});

describe('responses (the fake checks its own)', () => {
  it('a secretKey in a response is refused (writeOnly)', () => {
    const creds = { id: 'x', name: 'n', provider: 'aws', keys: { ...roleKeys, mode: 'keys', accessKey: 'A', secretKey: 's' } };
    expect(spec.checkResponse('DescribeCredentialsResponse', { credentials: creds })).toBe("Unrecognized field 'secretKey' at /credentials/keys");
  });

  it('optional fields may be null (Jackson inclusion ALWAYS), required ones may not; invented fields are refused', () => {
    expect(spec.checkResponse('DescribeCredentialsResponse', { credentials: { id: 'x', name: 'n', provider: 'aws', keys: roleKeys, description: null, message: null, lastUsed: null } })).toBeUndefined();
    expect(spec.checkResponse('DescribeCredentialsResponse', { credentials: { id: 'x', name: null, provider: 'aws' } })).toBe('/credentials/name must be string');
    expect(spec.checkResponse('ListComputeEnvsResponse', { computeEnvs: [{ id: 'x', status: 'READY' }] })).toMatch(/^\/computeEnvs\/0\/status/);
    expect(spec.checkResponse('ValidateCredentialsResponse', { status: 'AVAILABLE', message: null, transientError: false, checkedAt: 'now' })).toBe("Unrecognized field 'checkedAt' at /");
  });
});
