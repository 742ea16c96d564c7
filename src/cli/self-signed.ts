/**
 * --tls-self-signed: a CA and a serving certificate (SANs: localhost, 127.0.0.1, ::1 and the
 * bind address) generated once into the data dir. Keys are written with mode 0600; the CA goes
 * into the admin kubeconfig as certificate-authority-data.
 */
import { webcrypto } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { join } from 'node:path'
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'

x509.cryptoProvider.set(webcrypto as any)

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000

async function exportKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key)
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n')
  return `-----BEGIN PRIVATE KEY-----\n${b64.trim()}\n-----END PRIVATE KEY-----\n`
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1')
}

export async function ensureSelfSignedCertificate(
  dataDir: string,
  bindAddress: string,
): Promise<{ cert: string; key: string; caData: string }> {
  const caPath = join(dataDir, 'ca.crt')
  const certPath = join(dataDir, 'serving.crt')
  const keyPath = join(dataDir, 'serving.key')
  if (existsSync(caPath) && existsSync(certPath) && existsSync(keyPath)) {
    const ca = readFileSync(caPath, 'utf8')
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), caData: Buffer.from(ca).toString('base64') }
  }
  const now = new Date()
  const notAfter = new Date(now.getTime() + TEN_YEARS_MS)
  const caKeys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=ks-apiserver-ca',
    notBefore: now,
    notAfter,
    signingAlgorithm: ALG,
    keys: caKeys as any,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  })
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])
  const names = new Set(['localhost', '127.0.0.1', '::1'])
  if (bindAddress && bindAddress !== '0.0.0.0' && bindAddress !== '::') names.add(bindAddress)
  const sans = [...names].map((n) => ({ type: isIP(n) ? ('ip' as const) : ('dns' as const), value: n }))
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=ks-apiserver',
    issuer: caCert.subject,
    notBefore: now,
    notAfter,
    signingAlgorithm: ALG,
    publicKey: keys.publicKey as any,
    signingKey: caKeys.privateKey as any,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(sans),
    ],
  })
  const caPem = caCert.toString('pem') + '\n'
  const certPem = cert.toString('pem') + '\n' + caPem
  const keyPem = await exportKeyPem(keys.privateKey)
  writeFileSync(join(dataDir, 'ca.key'), await exportKeyPem(caKeys.privateKey), { mode: 0o600 })
  writeFileSync(caPath, caPem, { mode: 0o644 })
  writeFileSync(certPath, certPem, { mode: 0o644 })
  writeFileSync(keyPath, keyPem, { mode: 0o600 })
  return { cert: certPem, key: keyPem, caData: Buffer.from(caPem).toString('base64') }
}
