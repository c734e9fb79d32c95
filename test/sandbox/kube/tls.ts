// A throw-away CA and a serving certificate for 127.0.0.1/localhost. Keys come from node:crypto
// (native, ~50 ms) because node-forge's pure-JS RSA keygen takes seconds; forge only builds and
// signs the X.509 certificates, which node:crypto cannot do.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

export interface TlsMaterial {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const genRsa = promisify(generateKeyPair);

async function rsaKeyPem(): Promise<string> {
  const { privateKey } = await genRsa('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

function newCert(
  publicKey: forge.pki.PublicKey,
  subjectCn: string,
  issuer: forge.pki.CertificateField[],
  days: number,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: the high bit must be clear or forge encodes a negative integer.
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + days * 24 * 60 * 60 * 1000);
  cert.setSubject([{ name: 'commonName', value: subjectCn }]);
  cert.setIssuer(issuer);
  return cert;
}

export async function makeTls(): Promise<TlsMaterial> {
  // Both keys are generated in parallel on libuv's thread pool.
  const [caKeyPem, keyPem] = await Promise.all([rsaKeyPem(), rsaKeyPem()]);
  const caKey = forge.pki.privateKeyFromPem(caKeyPem) as forge.pki.rsa.PrivateKey;
  const caPub = forge.pki.setRsaPublicKey(caKey.n, caKey.e);
  const caSubject = [{ name: 'commonName', value: 'kubernetes' }];
  const ca = newCert(caPub, 'kubernetes', caSubject, 30);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKey, forge.md.sha256.create());

  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = newCert(forge.pki.setRsaPublicKey(key.n, key.e), 'kube-apiserver', caSubject, 30);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
        { type: 2, value: 'kubernetes.default.svc' },
      ],
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { caPem: forge.pki.certificateToPem(ca), certPem: forge.pki.certificateToPem(cert), keyPem };
}

/** The RSA key that signs ServiceAccount tokens (kube-apiserver --service-account-signing-key-file). */
export async function makeSigningKey(): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const { privateKey, publicKey } = await genRsa('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
