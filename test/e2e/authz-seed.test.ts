/**
 * Seed 000 sections 1.3 and 1.4 end to end: a KubeSphere ServiceAccount without roles gets the
 * exact 403 of the seed, and each of the four binding manifests (verbatim) grants what its scope
 * names — and no more — until it is deleted.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { kubectlFor, mustKubectl } from '../helpers/kubectl.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { kubectlAs, tokenFor } from '../helpers/users.js'
import {
  CLUSTER_ROLE_BINDING,
  GLOBAL_ROLE_BINDING,
  ROLE_AND_BINDING,
  SERVICE_ACCOUNT,
  WORKSPACE_ROLE_BINDING,
} from '../helpers/seed-000.js'

let server: TestServer
let k: (args: string[], input?: string) => Promise<string>
let saToken: string

const SA = 'kubesphere:serviceaccount:default:sample'

const SEED_403 = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message:
    'clusters.tenant.kubesphere.io is forbidden: User "kubesphere:serviceaccount:default:sample" cannot list resource "clusters" in API group "tenant.kubesphere.io" at the cluster scope',
  reason: 'Forbidden',
  details: { group: 'tenant.kubesphere.io', kind: 'clusters' },
  code: 403,
}

/** GET as the ServiceAccount over plain HTTP, as the seed's curl does. */
async function asSa(path: string, method = 'GET'): Promise<Response> {
  return fetch(server.url + path, {
    method,
    headers: { Accept: 'application/json, text/plain, */*', Authorization: `Bearer ${saToken}` },
  })
}

async function statusOf(path: string, method = 'GET'): Promise<number> {
  const r = await asSa(path, method)
  await r.arrayBuffer()
  return r.status
}

/** Polls until the request's status satisfies `ok`; returns the elapsed milliseconds. */
async function until(path: string, ok: (status: number) => boolean, timeoutMs = 5000): Promise<number> {
  const start = Date.now()
  for (;;) {
    const s = await statusOf(path)
    if (ok(s)) return Date.now() - start
    if (Date.now() - start > timeoutMs) assert.fail(`${path} still answers ${s} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

const CLUSTERS = '/kapis/tenant.kubesphere.io/v1beta1/clusters'
const PODS_DEFAULT = '/api/v1/namespaces/default/pods'
const PODS_KUBE_SYSTEM = '/api/v1/namespaces/kube-system/pods'
const PODS_OUTSIDE = '/api/v1/namespaces/outside/pods'
const USERS = '/apis/iam.kubesphere.io/v1beta1/users'

before(async () => {
  server = await startServer()
  k = mustKubectl(kubectlFor(server))
  await k(['apply', '-f', '-'], SERVICE_ACCOUNT)
  await k(['create', 'namespace', 'outside'])
  saToken = await tokenFor(server, SA)
})

after(async () => {
  await server?.dispose()
})

describe('seed 000 §1.3: a ServiceAccount without roles', () => {
  test('gets exactly the seed 403 for the clusters list', async () => {
    const r = await asSa(CLUSTERS)
    assert.equal(r.status, 403)
    assert.equal(r.headers.get('content-type'), 'application/json')
    assert.deepEqual(await r.json(), SEED_403)
  })

  test('and is denied everywhere else too (ServiceAccounts get nothing from `authenticated`)', async () => {
    for (const path of [
      PODS_DEFAULT,
      USERS,
      '/kapis/tenant.kubesphere.io/v1beta1/workspaces',
      '/kapis/version',
    ]) {
      assert.equal(await statusOf(path), 403, path)
    }
  })

  test('but may read discovery, like every authenticated caller (a deviation that lets kubectl work)', async () => {
    for (const path of ['/api', '/api/v1', '/apis', '/apis/iam.kubesphere.io/v1beta1'])
      assert.equal(await statusOf(path), 200, path)
  })
})

describe('seed 000 §1.4: each binding grants its scope', () => {
  const cases: {
    name: string
    manifest: string
    resource: string[]
    allowed: string[]
    denied: string[]
  }[] = [
    {
      name: 'GlobalRoleBinding to platform-admin: everything, the global clusters list included',
      manifest: GLOBAL_ROLE_BINDING,
      resource: ['globalrolebinding.iam.kubesphere.io', 'sample-platform-admin'],
      allowed: [CLUSTERS, USERS, PODS_DEFAULT, PODS_OUTSIDE],
      denied: [],
    },
    {
      name: 'ClusterRoleBinding to cluster-admin: every namespace, but not global resources',
      manifest: CLUSTER_ROLE_BINDING,
      resource: ['clusterrolebinding.iam.kubesphere.io', 'sample-cluster-admin'],
      allowed: [
        PODS_DEFAULT,
        PODS_KUBE_SYSTEM,
        PODS_OUTSIDE,
        '/kapis/tenant.kubesphere.io/v1beta1/workspaces/system-workspace',
      ],
      denied: [CLUSTERS, USERS],
    },
    {
      name: 'Role admin + RoleBinding in default: that namespace only',
      manifest: ROLE_AND_BINDING,
      resource: ['rolebinding.iam.kubesphere.io', 'sample-admin', '-n', 'default'],
      allowed: [PODS_DEFAULT],
      denied: [CLUSTERS, PODS_KUBE_SYSTEM, PODS_OUTSIDE, '/api/v1/pods'],
    },
    {
      name: 'WorkspaceRoleBinding to system-workspace-admin: the namespaces of system-workspace',
      manifest: WORKSPACE_ROLE_BINDING,
      resource: ['workspacerolebinding.iam.kubesphere.io', 'sample-admin'],
      allowed: [
        PODS_DEFAULT,
        PODS_KUBE_SYSTEM,
        '/kapis/tenant.kubesphere.io/v1beta1/workspaces/system-workspace/namespaces',
      ],
      denied: [CLUSTERS, PODS_OUTSIDE, '/api/v1/pods'],
    },
  ]

  for (const c of cases) {
    test(c.name, async () => {
      const probe = c.allowed[0]
      assert.equal(await statusOf(probe), 403, `denied before ${c.resource[1]}`)
      await k(['apply', '-f', '-'], c.manifest)
      await until(probe, (s) => s !== 403)
      for (const path of c.allowed) assert.notEqual(await statusOf(path), 403, `allowed: ${path}`)
      for (const path of c.denied) assert.equal(await statusOf(path), 403, `still denied: ${path}`)
      if (c.denied.includes(CLUSTERS)) assert.deepEqual(await (await asSa(CLUSTERS)).json(), SEED_403)

      await k(['delete', ...c.resource])
      const ms = await until(probe, (s) => s === 403)
      assert.ok(ms < 1000, `revoked within a second (took ${ms} ms)`)
    })
  }

  test('the RoleBinding survives in default because default belongs to system-workspace', async () => {
    await k(['apply', '-f', '-'], ROLE_AND_BINDING)
    await until(PODS_DEFAULT, (s) => s === 200)
    // Touch the namespace so the namespace controller reconciles it again.
    await k(['annotate', 'namespace', 'default', 'authz-test=1', '--overwrite'])
    await new Promise((r) => setTimeout(r, 300))
    assert.match(
      await k(['get', 'rolebindings.iam.kubesphere.io', '-n', 'default', '-o', 'name']),
      /sample-admin/,
    )
    await k(['delete', 'rolebinding.iam.kubesphere.io', 'sample-admin', '-n', 'default'])
  })

  test('kubectl as the ServiceAccount: whoami, and can-i agreeing with the requests', async () => {
    const sa = await kubectlAs(server, SA, saToken)
    const who = await sa.must(['auth', 'whoami'])
    assert.match(who, /^Username\s+kubesphere:serviceaccount:default:sample$/m)
    assert.doesNotMatch(who, /Groups/)
    assert.equal((await sa.run(['auth', 'can-i', 'list', 'pods', '-n', 'default'])).stdout.trim(), 'no')
    await k(['apply', '-f', '-'], CLUSTER_ROLE_BINDING)
    await until(PODS_DEFAULT, (s) => s === 200)
    assert.equal((await sa.run(['auth', 'can-i', 'list', 'pods', '-n', 'default'])).stdout.trim(), 'yes')
    // users are a global resource: cluster bindings do not reach them.
    assert.equal((await sa.run(['auth', 'can-i', 'list', 'users.iam.kubesphere.io'])).stdout.trim(), 'no')
    assert.match(
      (await sa.run(['get', 'users.iam.kubesphere.io'])).stderr,
      /users\.iam\.kubesphere\.io is forbidden: User "kubesphere:serviceaccount:default:sample" cannot list resource "users" in API group "iam\.kubesphere\.io" at the cluster scope/,
    )
    assert.match((await sa.run(['get', 'pods', '-n', 'outside'])).stderr, /No resources found/)
    await k(['delete', 'clusterrolebinding.iam.kubesphere.io', 'sample-cluster-admin'])
  })
})
