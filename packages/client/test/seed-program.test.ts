/**
 * The seed's Go program, rewritten with the SDK, run against the real server: a
 * ServiceAccount's token written to a temp dir, inClusterConfig pointed at it, and the output
 * compared with the seed's — the 403 message without bindings, the cluster list after the
 * GlobalRoleBinding to platform-admin.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { api, startServer, type TestServer } from '../../../test/helpers/server.js'
import { seedProgram } from './seed-program.js'

let server: TestServer
const dir = mkdtempSync(join(tmpdir(), 'ks-seed-program-'))
const tokenFile = join(dir, 'token')
const caFile = join(dir, 'ca.crt')

const SEED_MESSAGE =
  'clusters.tenant.kubesphere.io is forbidden: User "kubesphere:serviceaccount:default:sample" cannot list resource "clusters" in API group "tenant.kubesphere.io" at the cluster scope'

async function post(path: string, body: unknown): Promise<any> {
  const res = await api(server, path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  assert.ok(res.status < 300, `${path}: ${res.status} ${await res.clone().text()}`)
  return res.json()
}

async function run(overrides: Parameters<typeof seedProgram>[0]): Promise<string[]> {
  const out: string[] = []
  await seedProgram(overrides, (l) => out.push(l))
  return out
}

before(async () => {
  server = await startServer()
  await post('/apis/kubesphere.io/v1alpha1/namespaces/default/serviceaccounts', {
    apiVersion: 'kubesphere.io/v1alpha1',
    kind: 'ServiceAccount',
    metadata: { name: 'sample', namespace: 'default' },
    secrets: [],
  })
  // Wait for the token, as `kubectl get secrets … -o jsonpath={.data.token} | base64 -d` would read it.
  for (let i = 0; i < 200; i++) {
    const sa = (await (
      await api(server, '/apis/kubesphere.io/v1alpha1/namespaces/default/serviceaccounts/sample')
    ).json()) as any
    const name = sa.secrets?.[0]?.name
    if (name) {
      const secret = (await (await api(server, `/api/v1/namespaces/default/secrets/${name}`)).json()) as any
      if (secret.data?.token) {
        writeFileSync(tokenFile, Buffer.from(secret.data.token, 'base64'))
        break
      }
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  writeFileSync(caFile, Buffer.from(server.caData!, 'base64'))
})

after(async () => {
  await server?.dispose()
})

describe("the seed's Go program, in TypeScript", () => {
  test('without a token file it prints the file error', async () => {
    const missing = join(dir, 'absent', 'token')
    assert.deepEqual(await run({ tokenFile: missing }), [`open ${missing}: no such file or directory`])
  })

  test('no bindings: it prints the 403 message of the seed (plain HTTP, no CA file)', async () => {
    assert.deepEqual(await run({ tokenFile, caFile: join(dir, 'no-ca.crt'), host: server.url }), [
      SEED_MESSAGE,
    ])
  })

  test('the same over TLS, verified against the CA file', async () => {
    assert.deepEqual(await run({ tokenFile, caFile, host: server.secureUrl }), [SEED_MESSAGE])
  })

  test('after the GlobalRoleBinding to platform-admin it prints the cluster list', async () => {
    await post('/apis/iam.kubesphere.io/v1beta1/globalrolebindings', {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'GlobalRoleBinding',
      metadata: { name: 'sample-platform-admin', labels: { 'iam.kubesphere.io/role-ref': 'platform-admin' } },
      roleRef: { apiGroup: 'iam.kubesphere.io', kind: 'GlobalRole', name: 'platform-admin' },
      subjects: [{ apiGroup: 'kubesphere.io', kind: 'ServiceAccount', name: 'sample', namespace: 'default' }],
    })
    let out: string[] = []
    for (let i = 0; i < 100; i++) {
      out = await run({ tokenFile, caFile, host: server.secureUrl })
      if (out[0] !== SEED_MESSAGE) break
      await new Promise((r) => setTimeout(r, 100))
    }
    assert.equal(out.length, 1)
    const list = JSON.parse(out[0])
    assert.equal(typeof list.totalItems, 'number')
    assert.equal(list.totalItems, list.items.length)
    assert.ok(
      list.items.some((c: any) => c.kind === 'Cluster' && c.metadata.name === 'host'),
      out[0],
    )
    for (const c of list.items) assert.equal(c.spec?.connection?.kubeconfig, undefined)
  })
})
