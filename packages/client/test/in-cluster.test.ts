import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { CA_FILE, DEFAULT_HOST, DEFAULT_TLS_HOST, TOKEN_FILE, inClusterConfig } from '../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'ks-client-'))
const tokenFile = join(dir, 'token')
writeFileSync(tokenFile, 'eyJhbGciOiJIUzI1NiJ9.e30.sig\n')
const caFile = join(dir, 'ca.crt')
writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\n')

describe('inClusterConfig', () => {
  test('the defaults are upstream paths and hosts', () => {
    assert.equal(TOKEN_FILE, '/var/run/secrets/kubesphere.io/serviceaccount/token')
    assert.equal(CA_FILE, '/var/run/secrets/kubesphere.io/serviceaccount/ca.crt')
    assert.equal(DEFAULT_HOST, 'http://ks-apiserver.kubesphere-system:80')
    assert.equal(DEFAULT_TLS_HOST, 'https://ks-apiserver.kubesphere-system:443')
  })

  const cases: { name: string; overrides: Parameters<typeof inClusterConfig>[0]; want: object }[] = [
    {
      name: 'no CA file: plain HTTP on port 80',
      overrides: { tokenFile, caFile: join(dir, 'absent.crt') },
      want: { host: DEFAULT_HOST, bearerToken: 'eyJhbGciOiJIUzI1NiJ9.e30.sig', bearerTokenFile: tokenFile },
    },
    {
      name: 'CA file exists: HTTPS on 443, verified against it',
      overrides: { tokenFile, caFile },
      want: {
        host: DEFAULT_TLS_HOST,
        bearerToken: 'eyJhbGciOiJIUzI1NiJ9.e30.sig',
        bearerTokenFile: tokenFile,
        caFile,
      },
    },
    {
      name: 'a host override wins',
      overrides: { tokenFile, caFile: join(dir, 'absent.crt'), host: 'http://127.0.0.1:9090' },
      want: {
        host: 'http://127.0.0.1:9090',
        bearerToken: 'eyJhbGciOiJIUzI1NiJ9.e30.sig',
        bearerTokenFile: tokenFile,
      },
    },
  ]
  for (const c of cases) test(c.name, () => assert.deepEqual(inClusterConfig(c.overrides), c.want))

  test('an unreadable token file fails with the file error, as Go prints it', () => {
    const missing = join(dir, 'nope', 'token')
    assert.throws(() => inClusterConfig({ tokenFile: missing }), {
      message: `open ${missing}: no such file or directory`,
    })
  })

  test('no environment variable changes the host', () => {
    process.env['KUBERNETES_SERVICE_HOST'] = '10.0.0.1'
    process.env['KUBERNETES_SERVICE_PORT'] = '443'
    try {
      assert.equal(inClusterConfig({ tokenFile, caFile: join(dir, 'absent.crt') }).host, DEFAULT_HOST)
    } finally {
      delete process.env['KUBERNETES_SERVICE_HOST']
      delete process.env['KUBERNETES_SERVICE_PORT']
    }
  })
})
