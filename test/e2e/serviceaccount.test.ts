/**
 * Seed 000 end to end: every command of the KubeSphere ServiceAccount walkthrough, run with the
 * real kubectl and plain HTTP against the real server, each step asserted — the ServiceAccount
 * and its token Secret, the token's claims, injection into a Pod and into a Deployment's pods,
 * the 403 of an unbound ServiceAccount byte for byte, each of the four bindings of §1.4 granting
 * access (one at a time), deletion, and the rejections of the pod injector.
 */
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { kubectlFor, mustKubectl } from '../helpers/kubectl.js'
import { api, startServer, type TestServer } from '../helpers/server.js'
import {
  CLUSTER_ROLE_BINDING,
  DEPLOY_YAML,
  GLOBAL_ROLE_BINDING,
  POD_YAML,
  ROLE_AND_BINDING,
  SERVICE_ACCOUNT,
  WORKSPACE_ROLE_BINDING,
} from '../helpers/seed-000.js'

let server: TestServer
let kubectl: ReturnType<typeof kubectlFor>
let k: (args: string[], input?: string) => Promise<string>

before(async () => {
  server = await startServer()
  kubectl = kubectlFor(server)
  k = mustKubectl(kubectl)
})

after(async () => {
  await server?.dispose()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function eventually<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (ok(v)) return v
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(v)}`)
    await sleep(150)
  }
}

const GENERATED = '[bcdfghjklmnpqrstvwxz2456789]{5}'

// The seed's manifests are in test/helpers/seed-000.ts, verbatim.

/** The seed's curl output (§1.3), parsed. */
const SEED_403 = JSON.parse(`{
  "kind": "Status",
  "apiVersion": "v1",
  "metadata": {},
  "status": "Failure",
  "message": "clusters.tenant.kubesphere.io is forbidden: User \\"kubesphere:serviceaccount:default:sample\\" cannot list resource \\"clusters\\" in API group \\"tenant.kubesphere.io\\" at the cluster scope",
  "reason": "Forbidden",
  "details": {
    "group": "tenant.kubesphere.io",
    "kind": "clusters"
  },
  "code": 403
}`)

/** The injected volume and mount of the seed's pod manifest, for secret `name`. */
const injectedVolume = (secret: string) => ({
  name: 'kubesphere-service-account',
  projected: {
    defaultMode: 420,
    sources: [{ secret: { name: secret, items: [{ key: 'token', path: 'token' }] } }],
  },
})
const INJECTED_MOUNT = {
  mountPath: '/var/run/secrets/kubesphere.io/serviceaccount',
  name: 'kubesphere-service-account',
  readOnly: true,
}

// ---- state shared by the steps, in seed order ----

let secretName = ''
let token = ''

/** The seed's curl: GET with its Accept header and the token as bearer. */
const curl = (path: string, bearer = token) =>
  fetch(server.url + path, {
    headers: { Accept: 'application/json, text/plain, */*', Authorization: `Bearer ${bearer}` },
  })

const jsonpathSecretName = () =>
  k(['get', 'serviceaccounts.kubesphere.io', 'sample', '-n', 'default', '-o', 'jsonpath={.secrets[].name}'])

describe('seed 000 §1.1: create a ServiceAccount', () => {
  test('kubectl apply, then get serviceaccounts.kubesphere.io shows NAME and AGE', async () => {
    assert.equal(
      (await k(['apply', '-f', '-'], SERVICE_ACCOUNT)).trim(),
      'serviceaccount.kubesphere.io/sample created',
    )
    const table = await k(['get', 'serviceaccounts.kubesphere.io', '-n', 'default'])
    assert.match(table, /^NAME\s+AGE\n/)
    assert.match(table, /^sample\s+\d+s$/m)
  })

  test('the secret name by jsonpath is sample-xxxxx', async () => {
    secretName = await eventually(jsonpathSecretName, (s) => s !== '', 'the secret reference')
    assert.match(secretName, new RegExp(`^sample-${GENERATED}$`))
    const sa = JSON.parse(
      await k(['get', 'serviceaccounts.kubesphere.io', 'sample', '-n', 'default', '-o', 'json']),
    )
    assert.deepEqual(sa.metadata.finalizers, ['finalizers.kubesphere.io/serviceaccount'])
    assert.deepEqual(sa.secrets, [{ name: secretName, namespace: 'default' }])
  })

  test('get secrets $(…) shows the TYPE column and one data key', async () => {
    const table = await eventually(
      () => k(['get', 'secrets', secretName, '-n', 'default']),
      (t) => /\s1\s+\d+s$/m.test(t),
      'the token in the secret',
    )
    assert.match(table, /^NAME\s+TYPE\s+DATA\s+AGE\n/)
    assert.match(
      table,
      new RegExp(`^${secretName}\\s+kubesphere\\.io/service-account-token\\s+1\\s+\\d+s$`, 'm'),
    )
    const secret = JSON.parse(await k(['get', 'secret', secretName, '-n', 'default', '-o', 'json']))
    assert.deepEqual(secret.metadata.annotations, { 'kubesphere.io/service-account.name': 'sample' })
    assert.equal(secret.metadata.generateName, 'sample-')
    assert.equal(secret.metadata.ownerReferences, undefined)
    assert.equal(secret.metadata.labels, undefined)
    assert.deepEqual(Object.keys(secret.data), ['token'])
  })

  test('the token (jsonpath {.data.token} | base64 -d) is a static HS256 JWT for the ServiceAccount', async () => {
    const b64 = await k(['get', 'secrets', secretName, '-n', 'default', '-o', 'jsonpath={.data.token}'])
    token = Buffer.from(b64, 'base64').toString('utf8')
    const [header, payload, signature] = token.split('.')
    assert.equal(
      header,
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
      'header {"alg":"HS256","typ":"JWT"} as in the seed',
    )
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    assert.deepEqual(
      Object.keys(claims),
      ['iss', 'sub', 'iat', 'token_type', 'username'],
      'claims in upstream order, no exp',
    )
    assert.equal(claims.sub, 'kubesphere:serviceaccount:default:sample')
    assert.equal(claims.username, 'kubesphere:serviceaccount:default:sample')
    assert.equal(claims.token_type, 'static_token')
    assert.equal(typeof claims.iss, 'string')
    assert.ok(Math.abs(claims.iat - Date.now() / 1000) < 120)
    const key = readFileSync(join(server.dataDir, 'signing.key'), 'utf8').trim()
    assert.equal(createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url'), signature)
  })

  test('the reconciler recorded Normal Synced on the ServiceAccount', async () => {
    const events = await eventually(
      async () =>
        JSON.parse(
          await k([
            'get',
            'events',
            '-n',
            'default',
            '--field-selector',
            'involvedObject.name=sample',
            '-o',
            'json',
          ]),
        ).items,
      (items: any[]) => items.some((e) => e.reason === 'Synced'),
      'the Synced event',
    )
    const synced = events.find((e: any) => e.reason === 'Synced')
    assert.equal(synced.type, 'Normal')
    assert.equal(synced.message, 'Create token secret successfully')
    assert.equal(synced.source.component, 'ks-serviceaccount')
    assert.equal(synced.involvedObject.kind, 'ServiceAccount')
    assert.equal(synced.involvedObject.apiVersion, 'kubesphere.io/v1alpha1')
  })
})

describe('seed 000 §1.2: use the ServiceAccount in pods', () => {
  test('a Pod with the annotation gets the volume and the read-only mount', async () => {
    assert.equal((await k(['apply', '-f', '-'], POD_YAML)).trim(), 'pod/sample-pod created')
    const pod = JSON.parse(await k(['get', 'pod', 'sample-pod', '-n', 'default', '-o', 'json']))
    assert.deepEqual(pod.spec.volumes, [injectedVolume(secretName)])
    assert.equal(pod.spec.containers.length, 1)
    assert.deepEqual(pod.spec.containers[0].volumeMounts, [INJECTED_MOUNT])
    assert.deepEqual(pod.spec.containers[0].ports, [{ containerPort: 80, name: 'http-80', protocol: 'TCP' }])
    const yaml = await k(['get', 'pod', 'sample-pod', '-n', 'default', '-o', 'yaml'])
    assert.match(
      yaml,
      /volumeMounts:\n\s+- mountPath: \/var\/run\/secrets\/kubesphere\.io\/serviceaccount\n\s+name: kubesphere-service-account\n\s+readOnly: true/,
    )
    assert.match(
      yaml,
      /- name: kubesphere-service-account\n\s+projected:\n\s+defaultMode: 420\n\s+sources:\n\s+- secret:\n\s+items:\n\s+- key: token\n\s+path: token\n\s+name: sample-\w{5}/,
    )
  })

  test('a Deployment whose template has the annotation: its pods are injected, it is not', async () => {
    assert.equal((await k(['apply', '-f', '-'], DEPLOY_YAML)).trim(), 'deployment.apps/sample-deploy created')
    assert.match(
      await k(['rollout', 'status', 'deploy/sample-deploy', '-n', 'default', '--timeout=60s']),
      /successfully rolled out/,
    )
    const pods = JSON.parse(
      await k(['get', 'pods', '-n', 'default', '-l', 'app=sample-deploy', '-o', 'json']),
    ).items
    assert.equal(pods.length, 1)
    const pod = pods[0]
    assert.equal(pod.metadata.annotations['kubesphere.io/serviceaccount-name'], 'sample')
    assert.deepEqual(pod.spec.volumes, [injectedVolume(secretName)])
    assert.deepEqual(pod.spec.containers[0].volumeMounts, [INJECTED_MOUNT])
    const d = JSON.parse(await k(['get', 'deploy', 'sample-deploy', '-n', 'default', '-o', 'json']))
    assert.equal(d.spec.template.spec.volumes, undefined, 'the Deployment is stored unchanged')
    const rs = JSON.parse(await k(['get', 'rs', '-n', 'default', '-l', 'app=sample-deploy', '-o', 'json']))
      .items[0]
    assert.equal(rs.spec.template.spec.volumes, undefined, 'the ReplicaSet is stored unchanged')
  })
})

describe('seed 000 §1.3: the token reaches the API but has no permission', () => {
  test('curl /kapis/tenant.kubesphere.io/v1beta1/clusters answers the seed 403, byte for byte', async () => {
    const res = await curl('/kapis/tenant.kubesphere.io/v1beta1/clusters')
    assert.equal(res.status, 403)
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/)
    const body = await res.text()
    assert.equal(body.trimEnd(), JSON.stringify(SEED_403), 'same keys, order and values as the seed')
    assert.equal(JSON.stringify(JSON.parse(body), null, 2), JSON.stringify(SEED_403, null, 2))
  })
})

/** Whether the token is allowed `path` (any answer other than 401/403). */
const allowed = async (path: string) => {
  const res = await curl(path)
  await res.arrayBuffer()
  assert.notEqual(res.status, 401, `${path} authenticates`)
  return res.status !== 403
}

async function grantsExactly(paths: Record<string, boolean>) {
  for (const [path, want] of Object.entries(paths)) {
    await eventually(
      () => allowed(path),
      (v) => v === want,
      `${want ? 'access' : 'denial'} on ${path}`,
      10_000,
    )
  }
}

describe('seed 000 §1.4: each binding grants its scope (one at a time)', () => {
  const CLUSTERS = '/kapis/tenant.kubesphere.io/v1beta1/clusters'
  const NAMESPACES = '/api/v1/namespaces'
  const DEFAULT_PODS = '/api/v1/namespaces/default/pods'
  const KAPIS_DEFAULT_PODS = '/kapis/resources.kubesphere.io/v1alpha3/namespaces/default/pods'
  const WORKSPACE_NAMESPACES = '/kapis/tenant.kubesphere.io/v1beta1/workspaces/system-workspace/namespaces'

  test('without bindings nothing is allowed', async () => {
    await grantsExactly({
      [CLUSTERS]: false,
      [NAMESPACES]: false,
      [DEFAULT_PODS]: false,
      [WORKSPACE_NAMESPACES]: false,
    })
  })

  test('GlobalRoleBinding to platform-admin: the cluster list', async () => {
    assert.equal(
      (await k(['apply', '-f', '-'], GLOBAL_ROLE_BINDING)).trim(),
      'globalrolebinding.iam.kubesphere.io/sample-platform-admin created',
    )
    await grantsExactly({ [CLUSTERS]: true, [NAMESPACES]: true, [DEFAULT_PODS]: true })
    const res = await curl(CLUSTERS)
    assert.equal(res.status, 200)
    const list = (await res.json()) as any
    assert.ok(Array.isArray(list.items) && typeof list.totalItems === 'number')
    assert.ok(list.items.some((c: any) => c.metadata.name === 'host'))
    for (const c of list.items)
      assert.equal(c.spec?.connection?.kubeconfig, undefined, 'kubeconfigs are removed')
    await k(['delete', 'globalrolebinding', 'sample-platform-admin'])
    await grantsExactly({ [CLUSTERS]: false, [NAMESPACES]: false })
  })

  test('ClusterRoleBinding to cluster-admin: cluster and namespace scope, not the global cluster list', async () => {
    assert.match(
      await k(['apply', '-f', '-'], CLUSTER_ROLE_BINDING),
      /clusterrolebinding.iam.kubesphere.io\/sample-cluster-admin created/,
    )
    await grantsExactly({ [NAMESPACES]: true, [DEFAULT_PODS]: true, [CLUSTERS]: false })
    await k(['delete', 'clusterrolebindings.iam.kubesphere.io', 'sample-cluster-admin'])
    await grantsExactly({ [NAMESPACES]: false, [DEFAULT_PODS]: false })
  })

  test('Role admin and RoleBinding in default: namespace default only', async () => {
    const out = await k(['apply', '-f', '-'], ROLE_AND_BINDING)
    assert.match(out, /role.iam.kubesphere.io\/admin (created|configured|unchanged)/)
    assert.match(out, /rolebinding.iam.kubesphere.io\/sample-admin created/)
    await grantsExactly({
      [DEFAULT_PODS]: true,
      [KAPIS_DEFAULT_PODS]: true,
      [NAMESPACES]: false,
      [CLUSTERS]: false,
      '/api/v1/namespaces/kube-system/pods': false,
    })
    await k(['delete', 'rolebindings.iam.kubesphere.io', 'sample-admin', '-n', 'default'])
    await grantsExactly({ [DEFAULT_PODS]: false })
  })

  test('WorkspaceRoleBinding to system-workspace-admin: the workspace and its namespaces', async () => {
    assert.match(
      await k(['apply', '-f', '-'], WORKSPACE_ROLE_BINDING),
      /workspacerolebinding.iam.kubesphere.io\/sample-admin created/,
    )
    await grantsExactly({
      [WORKSPACE_NAMESPACES]: true,
      [DEFAULT_PODS]: true,
      [NAMESPACES]: false,
      [CLUSTERS]: false,
    })
    await k(['delete', 'workspacerolebindings.iam.kubesphere.io', 'sample-admin'])
    await grantsExactly({ [WORKSPACE_NAMESPACES]: false, [DEFAULT_PODS]: false })
  })
})

describe('pod injector rejections', () => {
  test('a pod naming a missing ServiceAccount is rejected with the webhook denial and not created', async () => {
    const pod = POD_YAML.replace('serviceaccount-name: sample', 'serviceaccount-name: missing').replace(
      'name: sample-pod',
      'name: orphan-pod',
    )
    const r = await kubectl(['apply', '-f', '-'], pod)
    assert.notEqual(r.code, 0)
    assert.match(
      r.stderr,
      /admission webhook "serviceaccount-pod-injector.kubesphere.io" denied the request: ServiceAccount.kubesphere.io "missing" not found/,
    )
    const res = await api(server, '/api/v1/namespaces/default/pods', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        metadata: { name: 'orphan-pod', annotations: { 'kubesphere.io/serviceaccount-name': 'missing' } },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      }),
    })
    assert.equal(res.status, 404)
    assert.deepEqual(await res.json(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'admission webhook "serviceaccount-pod-injector.kubesphere.io" denied the request: ServiceAccount.kubesphere.io "missing" not found',
      code: 404,
    })
    assert.equal(
      (await api(server, '/api/v1/namespaces/default/pods/orphan-pod')).status,
      404,
      'nothing was created',
    )
  })

  test('a ServiceAccount whose listed secret is missing: InvalidSecret, and pods are rejected with 404', async () => {
    await k(
      ['apply', '-f', '-'],
      `apiVersion: kubesphere.io/v1alpha1\nkind: ServiceAccount\nmetadata: {name: listed, namespace: default}\nsecrets: [{name: ghost}]\n`,
    )
    const events = await eventually(
      async () =>
        JSON.parse(
          await k([
            'get',
            'events',
            '-n',
            'default',
            '--field-selector',
            'involvedObject.name=listed',
            '-o',
            'json',
          ]),
        ).items,
      (items: any[]) => items.some((e) => e.reason === 'InvalidSecret'),
      'the InvalidSecret event',
    )
    const ev = events.find((e: any) => e.reason === 'InvalidSecret')
    assert.equal(ev.type, 'Warning')
    assert.equal(ev.message, 'Secret "ghost" not found')
    assert.equal(
      JSON.parse(await k(['get', 'secrets', '-n', 'default', '-o', 'json'])).items.filter((s: any) =>
        s.metadata.name.startsWith('listed-'),
      ).length,
      0,
      'no secret is created',
    )
    const pod = POD_YAML.replace('serviceaccount-name: sample', 'serviceaccount-name: listed').replace(
      'name: sample-pod',
      'name: ghost-pod',
    )
    const r = await kubectl(['apply', '-f', '-'], pod)
    assert.match(r.stderr, /denied the request: Secret "ghost" not found/)
    await k(['delete', 'serviceaccounts.kubesphere.io', 'listed', '-n', 'default'])
  })

  test('a Deployment created before its ServiceAccount gets pods once the ServiceAccount exists', async () => {
    const manifest = DEPLOY_YAML.replaceAll('sample-deploy', 'late-deploy').replace(
      'serviceaccount-name: sample',
      'serviceaccount-name: late',
    )
    await k(['apply', '-f', '-'], manifest)
    const rsName = await eventually(
      async () =>
        JSON.parse(await k(['get', 'rs', '-n', 'default', '-l', 'app=late-deploy', '-o', 'json'])).items[0]
          ?.metadata.name ?? '',
      (n) => n !== '',
      'the ReplicaSet',
    )
    const failed = await eventually(
      async () =>
        JSON.parse(
          await k([
            'get',
            'events',
            '-n',
            'default',
            '--field-selector',
            `involvedObject.name=${rsName}`,
            '-o',
            'json',
          ]),
        ).items,
      (items: any[]) => items.some((e) => e.reason === 'FailedCreate'),
      'FailedCreate',
    )
    assert.match(
      failed.find((e: any) => e.reason === 'FailedCreate').message,
      /^Error creating: admission webhook "serviceaccount-pod-injector.kubesphere.io" denied the request: ServiceAccount.kubesphere.io "late" not found$/,
    )
    assert.equal(
      JSON.parse(await k(['get', 'pods', '-n', 'default', '-l', 'app=late-deploy', '-o', 'json'])).items
        .length,
      0,
    )
    await k(['apply', '-f', '-'], SERVICE_ACCOUNT.replace('name: sample', 'name: late'))
    const pods = await eventually(
      async () =>
        JSON.parse(await k(['get', 'pods', '-n', 'default', '-l', 'app=late-deploy', '-o', 'json'])).items,
      (items: any[]) => items.length === 1,
      'the pod after the ServiceAccount appeared',
      30_000,
    )
    const lateSecret = JSON.parse(
      await k(['get', 'serviceaccounts.kubesphere.io', 'late', '-n', 'default', '-o', 'json']),
    ).secrets[0].name
    assert.deepEqual(pods[0].spec.volumes, [injectedVolume(lateSecret)])
    await k(['rollout', 'status', 'deploy/late-deploy', '-n', 'default', '--timeout=30s'])
  })
})

describe('seed 000: deleting the ServiceAccount', () => {
  test('removes its token secret and the token stops working', async () => {
    assert.equal(
      (await curl('/api/v1/namespaces/default/pods')).status,
      403,
      'the token still authenticates before deletion',
    )
    assert.match(
      await k(['delete', 'serviceaccounts.kubesphere.io', 'sample', '-n', 'default']),
      /serviceaccount.kubesphere.io "sample" deleted/,
    )
    const r = await kubectl(['get', 'serviceaccounts.kubesphere.io', 'sample', '-n', 'default'])
    assert.notEqual(r.code, 0)
    assert.match(r.stderr, /not found/)
    await eventually(
      async () => (await kubectl(['get', 'secret', secretName, '-n', 'default'])).code,
      (c) => c !== 0,
      'the secret to go',
    )
    const res = await curl('/kapis/tenant.kubesphere.io/v1beta1/clusters')
    assert.equal(res.status, 401)
    const status = (await res.json()) as any
    assert.equal(status.reason, 'Unauthorized')
    assert.match(status.message, /"sample" not found/)
  })

  test('pods keep their volume; a new pod asking for the deleted ServiceAccount is rejected', async () => {
    const pod = JSON.parse(await k(['get', 'pod', 'sample-pod', '-n', 'default', '-o', 'json']))
    assert.deepEqual(pod.spec.volumes, [injectedVolume(secretName)])
    const r = await kubectl(['apply', '-f', '-'], POD_YAML.replace('name: sample-pod', 'name: sample-pod-2'))
    assert.match(r.stderr, /ServiceAccount.kubesphere.io "sample" not found/)
  })

  test('re-creating it makes a new secret and restarts the Deployment onto it', async () => {
    const before = JSON.parse(
      await k(['get', 'pods', '-n', 'default', '-l', 'app=sample-deploy', '-o', 'json']),
    ).items.map((p: any) => p.metadata.name)
    await k(['apply', '-f', '-'], SERVICE_ACCOUNT)
    const fresh = await eventually(jsonpathSecretName, (s) => s !== '' && s !== secretName, 'a new secret')
    assert.match(fresh, new RegExp(`^sample-${GENERATED}$`))
    const d = await eventually(
      async () => JSON.parse(await k(['get', 'deploy', 'sample-deploy', '-n', 'default', '-o', 'json'])),
      (x: any) => !!x.spec.template.metadata.annotations['kubesphere.io/restartedAt'],
      'the restartedAt annotation',
    )
    assert.ok(d.spec.template.metadata.annotations['kubesphere.io/restartedAt'])
    await k(['rollout', 'status', 'deploy/sample-deploy', '-n', 'default', '--timeout=60s'])
    const pods = await eventually(
      async () =>
        JSON.parse(await k(['get', 'pods', '-n', 'default', '-l', 'app=sample-deploy', '-o', 'json'])).items,
      (items: any[]) => items.length === 1 && !before.includes(items[0].metadata.name),
      'the replacement pod',
    )
    assert.deepEqual(pods[0].spec.volumes, [injectedVolume(fresh)])
    const bare = JSON.parse(await k(['get', 'pod', 'sample-pod', '-n', 'default', '-o', 'json']))
    assert.deepEqual(bare.spec.volumes, [injectedVolume(secretName)], 'bare pods are never touched')
  })
})
