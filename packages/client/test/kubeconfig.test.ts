import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { loadKubeconfig } from '../src/index.js'

describe('loadKubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ks-kubeconfig-'))
  const ca = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
  const text = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: ${ca.toString('base64')}
    server: https://127.0.0.1:9090
  name: local
- cluster:
    certificate-authority: certs/ca.crt
    server: http://other:80/prefix
    insecure-skip-tls-verify: true
  name: other
contexts:
- context:
    cluster: local
    user: admin
  name: admin@local
- context:
    cluster: other
    user: sa
  name: sa@other
current-context: admin@local
preferences: {}
users:
- name: admin
  user:
    token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.c2ln
- name: sa
  user:
    tokenFile: secrets/token
    username: u
    password: "p w"
`
  const path = join(dir, 'config')
  writeFileSync(path, text)

  test('the current context', () => {
    assert.deepEqual(loadKubeconfig({ path }), {
      host: 'https://127.0.0.1:9090',
      caData: ca,
      bearerToken: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.c2ln',
    })
  })

  test('a named context; files relative to the kubeconfig', () => {
    assert.deepEqual(loadKubeconfig({ path, context: 'sa@other' }), {
      host: 'http://other:80/prefix',
      caFile: join(dir, 'certs/ca.crt'),
      insecure: true,
      bearerTokenFile: join(dir, 'secrets/token'),
      username: 'u',
      password: 'p w',
    })
  })

  test('$KUBECONFIG is used when no path is given', () => {
    const saved = process.env['KUBECONFIG']
    process.env['KUBECONFIG'] = path
    try {
      assert.equal(loadKubeconfig().host, 'https://127.0.0.1:9090')
    } finally {
      if (saved === undefined) delete process.env['KUBECONFIG']
      else process.env['KUBECONFIG'] = saved
    }
  })

  test('a missing context is an error', () => {
    assert.throws(() => loadKubeconfig({ path, context: 'nope' }), {
      message: 'kubeconfig: context "nope" not found',
    })
  })
})
