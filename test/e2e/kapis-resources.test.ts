/**
 * resources.kubesphere.io/v1alpha3 over HTTP: the seed 003 nodes call, the §4 query on 1,000
 * objects against a computed expectation, resource filters, components, metrics, and the
 * unsupported image routes.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, type TestServer } from '../helpers/server.js'
import { createUser, inParallel, json, kapi, kube, login, setPodStatus } from '../helpers/kapis.js'

const LIST = 'GET /kapis/resources.kubesphere.io/v1alpha3/{resources}'
const GET = 'GET /kapis/resources.kubesphere.io/v1alpha3/{resources}/{name}'
const NS_LIST = 'GET /kapis/resources.kubesphere.io/v1alpha3/namespaces/{namespace}/{resources}'
const NS_GET = 'GET /kapis/resources.kubesphere.io/v1alpha3/namespaces/{namespace}/{resources}/{name}'

let server: TestServer

/** Seed 003's example password of `admin`. */
const ADMIN_PASSWORD = 'P#$$w0rd'

before(async () => {
  server = await startServer({ env: { KS_ADMIN_PASSWORD: ADMIN_PASSWORD } })
})
after(async () => {
  await server?.dispose()
})

const names = (body: any) => body.items.map((i: any) => i.metadata.name)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('seed 003: GET /kapis/resources.kubesphere.io/v1alpha3/nodes', () => {
  before(async () => {
    for (const name of ['node1', 'node2', 'node3']) {
      await kube(server, 'POST', '/api/v1/nodes', {
        metadata: { name, labels: { 'kubernetes.io/hostname': name, 'node-role.kubernetes.io/worker': '' } },
        spec: name === 'node2' ? { unschedulable: true } : {},
        status: { conditions: [{ type: 'Ready', status: name === 'node1' ? 'False' : 'True' }] },
      })
      await sleep(1100) // distinct creation seconds: newest first is then node3, node2, node1
    }
  })

  test('the seed’s two curl calls: a password grant without client credentials, then the node list', async () => {
    const tokenRes = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: 'admin', password: ADMIN_PASSWORD }),
    })
    assert.equal(tokenRes.status, 200)
    const token = await json(tokenRes)
    assert.equal(token.token_type, 'Bearer')
    const res = await fetch(`${server.url}/kapis/resources.kubesphere.io/v1alpha3/nodes`, {
      method: 'GET',
      headers: { Authorization: `Bearer ${token.access_token}`, 'Content-Type': 'application/json' },
    })
    assert.equal(res.status, 200)
    const body = await json(res)
    assert.equal(body.totalItems, 3)
    assert.deepEqual(Object.keys(body), ['items', 'totalItems'])
    assert.equal(body.items[0].metadata.name, 'node3')
  })

  test('an ordinary logged-in user may list nodes too (the authenticated role)', async () => {
    await createUser(server, 'nodereader')
    const r = await kapi(server, LIST, {
      params: { resources: 'nodes' },
      token: await login(server, 'nodereader'),
    })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body.totalItems, 3)
    const pods = await kapi(server, LIST, {
      params: { resources: 'pods' },
      token: await login(server, 'nodereader'),
    })
    assert.equal(pods.status, 403)
  })

  test('lists every node, newest first, with kind and apiVersion and no selfLink', async () => {
    const r = await kapi(server, LIST, { params: { resources: 'nodes' } })
    assert.equal(r.status, 200)
    assert.match(r.headers.get('content-type') ?? '', /application\/json/)
    assert.equal(r.body.totalItems, 3)
    assert.deepEqual(names(r.body), ['node3', 'node2', 'node1'])
    for (const item of r.body.items) {
      assert.equal(item.kind, 'Node')
      assert.equal(item.apiVersion, 'v1')
      assert.equal(item.metadata.selfLink, undefined)
    }
  })

  test('?limit=1&page=2&sortBy=name&ascending=true is the second node by name', async () => {
    const r = await kapi(server, LIST, {
      params: { resources: 'nodes' },
      query: { limit: 1, page: 2, sortBy: 'name', ascending: true },
    })
    assert.deepEqual(names(r.body), ['node2'])
    assert.equal(r.body.totalItems, 3)
  })

  test('?status= keeps cordoned, not-ready and running nodes apart', async () => {
    for (const [status, want] of [
      ['unschedulable', ['node2']],
      ['warning', ['node1']],
      ['running', ['node3']],
    ] as const) {
      const r = await kapi(server, LIST, { params: { resources: 'nodes' }, query: { status } })
      assert.deepEqual(names(r.body), want, status)
    }
  })

  test('get one node; a missing one is 404', async () => {
    const r = await kapi(server, GET, { params: { resources: 'nodes', name: 'node2' } })
    assert.equal(r.status, 200)
    assert.equal(r.body.metadata.name, 'node2')
    const missing = await kapi(server, GET, { params: { resources: 'nodes', name: 'node9' } })
    assert.equal(missing.status, 404)
    assert.equal(missing.body.kind, 'Status')
  })
})

describe('the §4 query on 1,000 objects', () => {
  interface Made {
    name: string
    namespace: string
    creationTimestamp: string
    tier: string
    alias?: string
  }
  const made: Made[] = []
  const namespaces = ['q-a', 'q-b', 'q-c', 'q-d']

  before(async () => {
    for (const ns of namespaces) await kube(server, 'POST', '/api/v1/namespaces', { metadata: { name: ns } })
    const specs = Array.from({ length: 1000 }, (_, i) => {
      // Names repeat across namespaces and interleave with creation order.
      const name = `cm-${String((i * 7919) % 250).padStart(3, '0')}`
      const namespace = namespaces[Math.floor(i / 250)]
      const tier = ['web', 'api', 'db'][i % 3]
      const alias = i % 10 === 0 ? `Alias ${i}` : undefined
      return { name, namespace, tier, alias }
    })
    await inParallel(specs, 16, async (s) => {
      const created = await kube(server, 'POST', `/api/v1/namespaces/${s.namespace}/configmaps`, {
        metadata: {
          name: s.name,
          labels: { tier: s.tier },
          ...(s.alias ? { annotations: { 'kubesphere.io/alias-name': s.alias } } : {}),
        },
        data: { k: 'v' },
      })
      made.push({ ...s, creationTimestamp: created.metadata.creationTimestamp })
    })
  })

  /** The expected order: sort key, then name, then namespace; reversed unless ascending. */
  function expectOrder(items: Made[], sortBy: string, ascending: boolean): string[] {
    const key = (m: Made) => [sortBy === 'name' ? m.name : m.creationTimestamp, m.name, m.namespace]
    const sorted = [...items].sort((a, b) => {
      const ka = key(a)
      const kb = key(b)
      for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1
      return 0
    })
    if (!ascending) sorted.reverse()
    return sorted.map((m) => `${m.namespace}/${m.name}`)
  }

  const cases: {
    name: string
    query: Record<string, string | number>
    keep: (m: Made) => boolean
    namespace?: string
  }[] = [
    { name: 'first page, default order', query: { limit: 10, page: 1 }, keep: () => true },
    {
      name: 'page 37 by name ascending',
      query: { limit: 10, page: 37, sortBy: 'name', ascending: 'true' },
      keep: () => true,
    },
    { name: 'page 5 by name descending', query: { limit: 25, page: 5, sortBy: 'name' }, keep: () => true },
    {
      name: 'createTime ascending, last partial page',
      query: { limit: 300, page: 4, sortBy: 'createTime', ascending: 'true' },
      keep: () => true,
    },
    {
      name: 'label filter',
      query: { label: 'tier=api', limit: 20, page: 3, sortBy: 'name', ascending: 'true' },
      keep: (m) => m.tier === 'api',
    },
    {
      name: 'labelSelector (set-based)',
      query: { labelSelector: 'tier in (web,db)', limit: 15, page: 2 },
      keep: (m) => m.tier !== 'api',
    },
    {
      name: 'name substring',
      query: { name: 'cm-01', sortBy: 'name', ascending: 'true' },
      keep: (m) => m.name.includes('cm-01'),
    },
    {
      name: 'name matches the alias too',
      query: { name: 'Alias 99', limit: 100 },
      keep: (m) => m.name.includes('Alias 99') || (m.alias ?? '').includes('Alias 99'),
    },
    {
      name: 'namespace filter',
      query: { namespace: 'q-c', limit: 10, page: 2, sortBy: 'name' },
      keep: (m) => m.namespace === 'q-c',
    },
    {
      name: 'names exact',
      query: { names: 'cm-000,cm-001', sortBy: 'name' },
      keep: (m) => m.name === 'cm-000' || m.name === 'cm-001',
    },
    {
      name: 'two filters AND',
      query: { label: 'tier=db', namespace: 'q-a' },
      keep: (m) => m.tier === 'db' && m.namespace === 'q-a',
    },
    { name: 'page past the end', query: { limit: 10, page: 101 }, keep: () => true },
    {
      name: 'one namespace route',
      query: { limit: 7, page: 3, sortBy: 'name', ascending: 'true' },
      keep: (m) => m.namespace === 'q-b',
      namespace: 'q-b',
    },
  ]

  for (const c of cases) {
    test(c.name, async () => {
      const r = c.namespace
        ? await kapi(server, NS_LIST, {
            params: { namespace: c.namespace, resources: 'configmaps' },
            query: c.query,
          })
        : await kapi(server, LIST, { params: { resources: 'configmaps' }, query: c.query })
      assert.equal(r.status, 200, r.text)
      const ours = r.body.items.filter((i: any) => namespaces.includes(i.metadata.namespace))
      // Only the test namespaces hold configmaps, so totals are exact.
      assert.equal(ours.length, r.body.items.length)
      const matching = made.filter(c.keep)
      assert.equal(r.body.totalItems, matching.length)
      const order = expectOrder(
        matching,
        String(c.query['sortBy'] ?? 'creationTimestamp'),
        c.query['ascending'] === 'true',
      )
      const limit = Number(c.query['limit'] ?? -1)
      const page = Number(c.query['page'] ?? 1)
      const want =
        limit === -1
          ? order
          : (page - 1) * limit > order.length
            ? []
            : order.slice((page - 1) * limit, page * limit)
      assert.deepEqual(
        r.body.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`),
        want,
      )
    })
  }
})

describe('resource filters and lookups', () => {
  before(async () => {
    await kube(server, 'POST', '/api/v1/namespaces', { metadata: { name: 'shop' } })
    await kube(server, 'POST', '/api/v1/namespaces/shop/services', {
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    })
    const pods = [
      {
        name: 'web-1',
        labels: { app: 'web' },
        node: 'node1',
        phase: 'Running',
        ready: true,
        ip: '10.0.0.11',
      },
      { name: 'web-2', labels: { app: 'web' }, node: 'node2', phase: 'Pending', ready: false, ip: '' },
      {
        name: 'job-1',
        labels: { app: 'batch' },
        node: 'node1',
        phase: 'Succeeded',
        ready: false,
        ip: '10.0.0.13',
      },
      { name: 'bad-1', labels: { app: 'batch' }, node: 'node3', phase: 'Failed', ready: false, ip: '' },
    ]
    for (const p of pods) {
      await kube(server, 'POST', '/api/v1/namespaces/shop/pods', {
        metadata: { name: p.name, labels: p.labels },
        spec: {
          nodeName: p.node,
          containers: [{ name: 'c', image: 'nginx' }],
          volumes:
            p.name === 'web-1' ? [{ name: 'data', persistentVolumeClaim: { claimName: 'data-claim' } }] : [],
        },
      })
      const state =
        p.phase === 'Running'
          ? { running: { startedAt: '2026-01-01T00:00:00Z' } }
          : p.phase === 'Succeeded'
            ? { terminated: { reason: 'Completed', exitCode: 0 } }
            : p.phase === 'Failed'
              ? { terminated: { reason: 'Error', exitCode: 1 } }
              : { waiting: { reason: 'ContainerCreating' } }
      await setPodStatus(server, 'shop', p.name, {
        phase: p.phase,
        ...(p.ip ? { podIP: p.ip, podIPs: [{ ip: p.ip }] } : {}),
        containerStatuses: [
          { name: 'c', image: 'nginx', imageID: '', ready: p.ready, restartCount: 0, state },
        ],
      })
    }
  })

  const podCases: { name: string; query: Record<string, string>; want: string[] }[] = [
    { name: 'nodeName', query: { nodeName: 'node1' }, want: ['job-1', 'web-1'] },
    { name: 'phase', query: { phase: 'Pending' }, want: ['web-2'] },
    { name: 'status Running', query: { status: 'Running' }, want: ['web-1'] },
    { name: 'status Waiting', query: { status: 'Waiting' }, want: ['web-2'] },
    { name: 'status Completed', query: { status: 'Completed' }, want: ['job-1'] },
    { name: 'status Error', query: { status: 'Error' }, want: ['bad-1'] },
    { name: 'serviceName', query: { serviceName: 'web' }, want: ['web-1', 'web-2'] },
    { name: 'pvcName', query: { pvcName: 'data-claim' }, want: ['web-1'] },
    { name: 'podIP substring', query: { podIP: '10.0.0.1' }, want: ['job-1', 'web-1'] },
  ]
  for (const c of podCases) {
    test(`pods: ${c.name}`, async () => {
      const r = await kapi(server, NS_LIST, {
        params: { namespace: 'shop', resources: 'pods' },
        query: { ...c.query, sortBy: 'name', ascending: 'true' },
      })
      assert.equal(r.status, 200, r.text)
      assert.deepEqual(names(r.body), c.want)
    })
  }

  test('namespaces: status and the Namespace via /{resources}/{name}', async () => {
    const r = await kapi(server, LIST, {
      params: { resources: 'namespaces' },
      query: { status: 'Active', name: 'shop' },
    })
    assert.deepEqual(names(r.body), ['shop'])
    const ns = await kapi(server, GET, { params: { resources: 'namespaces', name: 'shop' } })
    assert.equal(ns.status, 200)
    assert.equal(ns.body.kind, 'Namespace')
  })

  test('a namespaced kind on the cluster get route is never found; on the namespace route it is', async () => {
    const r = await kapi(server, GET, { params: { resources: 'pods', name: 'web-1' } })
    assert.equal(r.status, 404)
    const ok = await kapi(server, NS_GET, { params: { namespace: 'shop', resources: 'pods', name: 'web-1' } })
    assert.equal(ok.status, 200)
    assert.equal(ok.body.metadata.name, 'web-1')
  })

  test('unknown resources and cluster-scoped kinds on namespace routes are not supported (404)', async () => {
    for (const [route, params] of [
      [LIST, { resources: 'widgets' }],
      [NS_LIST, { namespace: 'shop', resources: 'nodes' }],
      [NS_GET, { namespace: 'shop', resources: 'nodes', name: 'node1' }],
    ] as const) {
      const r = await kapi(server, route, { params })
      assert.equal(r.status, 404, `${route} ${JSON.stringify(params)}`)
      assert.equal(r.body.message, 'resource is not supported')
    }
  })

  test('clusters: the host cluster without kubeconfig', async () => {
    const r = await kapi(server, LIST, { params: { resources: 'clusters' } })
    assert.ok(names(r.body).includes('host'))
    for (const c of r.body.items) assert.equal(c.spec?.connection?.kubeconfig, undefined)
    const one = await kapi(server, GET, { params: { resources: 'clusters', name: 'host' } })
    assert.equal(one.status, 200)
    assert.equal(one.body.spec?.connection?.kubeconfig, undefined)
  })
})

describe('components, health and metrics', () => {
  before(async () => {
    await kube(server, 'POST', '/api/v1/namespaces/kubesphere-system/services', {
      metadata: { name: 'ks-console' },
      spec: { selector: { app: 'ks-console' }, ports: [{ port: 80 }] },
    })
    await kube(server, 'POST', '/api/v1/namespaces/kube-system/services', {
      metadata: { name: 'no-selector' },
      spec: { ports: [{ port: 53 }] },
    })
    for (const [name, ready] of [
      ['console-a', true],
      ['console-b', false],
    ] as const) {
      await kube(server, 'POST', '/api/v1/namespaces/kubesphere-system/pods', {
        metadata: { name, labels: { app: 'ks-console' } },
        spec: { containers: [{ name: 'c', image: 'console' }] },
      })
      await setPodStatus(server, 'kubesphere-system', name, {
        phase: 'Running',
        containerStatuses: [
          { name: 'c', image: 'console', imageID: '', ready, restartCount: 0, state: { running: {} } },
        ],
      })
    }
  })

  test('components: services with a selector and their backends', async () => {
    const r = await kapi(server, 'GET /kapis/resources.kubesphere.io/v1alpha3/components')
    assert.equal(r.status, 200)
    const console = r.body.find((c: any) => c.name === 'ks-console')
    assert.deepEqual(
      { ...console, startedAt: typeof console.startedAt },
      {
        name: 'ks-console',
        namespace: 'kubesphere-system',
        selfLink: '',
        label: { app: 'ks-console' },
        startedAt: 'string',
        totalBackends: 2,
        healthyBackends: 1,
      },
    )
    assert.ok(!r.body.some((c: any) => c.name === 'no-selector'))
  })

  test('one component; a service without selector or a missing one is 404', async () => {
    const r = await kapi(server, 'GET /kapis/resources.kubesphere.io/v1alpha3/components/{component}', {
      params: { component: 'ks-console' },
    })
    assert.equal(r.status, 200)
    assert.equal(r.body.healthyBackends, 1)
    for (const component of ['no-selector', 'nothing']) {
      const missing = await kapi(
        server,
        'GET /kapis/resources.kubesphere.io/v1alpha3/components/{component}',
        { params: { component } },
      )
      assert.equal(missing.status, 404)
    }
  })

  test('componenthealth counts ready nodes', async () => {
    const r = await kapi(server, 'GET /kapis/resources.kubesphere.io/v1alpha3/componenthealth')
    assert.equal(r.status, 200)
    assert.equal(r.body.nodeStatus.totalNodes, 3)
    assert.equal(r.body.nodeStatus.healthyNodes, 2)
    assert.ok(r.body.kubesphereStatus.some((c: any) => c.name === 'ks-console'))
  })

  const metric = (body: any, name: string) =>
    body.results.find((m: any) => m.metric_name === name)?.data.result[0].value[1]

  test('cluster metrics count objects', async () => {
    const r = await kapi(server, 'GET /kapis/resources.kubesphere.io/v1alpha3/metrics')
    assert.equal(r.status, 200)
    const nsCount = (await kube(server, 'GET', '/api/v1/namespaces')).items.length
    const podCount = (await kube(server, 'GET', '/api/v1/pods')).items.length
    assert.equal(metric(r.body, 'cluster_namespace_count'), nsCount)
    assert.equal(metric(r.body, 'cluster_pod_count'), podCount)
    assert.equal(r.body.results.length, 12)
    const [ts] = r.body.results[0].data.result[0].value
    assert.ok(Math.abs(ts - Date.now() / 1000) < 60)
    assert.equal(r.body.results[0].data.resultType, 'vector')
  })

  test('namespace metrics count that namespace', async () => {
    const r = await kapi(
      server,
      'GET /kapis/resources.kubesphere.io/v1alpha3/namespaces/{namespace}/metrics',
      { params: { namespace: 'shop' } },
    )
    assert.equal(r.status, 200)
    assert.equal(metric(r.body, 'namespace_pod_count'), 4)
    assert.equal(metric(r.body, 'namespace_service_count'), 1)
    assert.equal(metric(r.body, 'namespace_deployment_count'), 0)
    assert.equal(r.body.results.length, 11)
  })
})

describe('image registry routes are not supported', () => {
  for (const [route, extra] of [
    ['GET /kapis/resources.kubesphere.io/v1alpha3/namespaces/{namespace}/images', { query: { q: 'nginx' } }],
    [
      'GET /kapis/resources.kubesphere.io/v1alpha3/namespaces/{namespace}/imageconfig',
      { query: { image: 'nginx:1' } },
    ],
    [
      'GET /kapis/resources.kubesphere.io/v1alpha3/namespaces/{namespace}/repositorytags',
      { query: { repository: 'library/nginx' } },
    ],
    [
      'POST /kapis/resources.kubesphere.io/v1alpha3/namespaces/{namespace}/registrysecrets/{secret}/verify',
      { params: { secret: 's' }, body: { metadata: { name: 's' } } },
    ],
  ] as const) {
    test(route, async () => {
      const r = await kapi(server, route, {
        ...extra,
        params: { namespace: 'default', ...('params' in extra ? extra.params : {}) },
      })
      assert.equal(r.status, 501)
      assert.equal(r.body.kind, 'Status')
    })
  }
})
