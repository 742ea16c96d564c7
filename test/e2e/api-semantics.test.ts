/**
 * API semantics over plain HTTP, as client libraries use them: paging, resourceVersion,
 * watch options, dry run, generateName, subresources, deletion propagation and discovery.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { api, startServer, type TestServer } from '../helpers/server.js'

let server: TestServer

before(async () => {
  server = await startServer()
  await call('POST', '/api/v1/namespaces', { metadata: { name: 'sem' } })
})

after(async () => {
  await server?.dispose()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await api(server, path, {
    method,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': contentType } } : {}),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers }
}

async function eventually(fn: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(100)
  }
}

/** Reads a watch stream until `stop` says so or the server ends it. */
async function watchLines(path: string, stop: (events: any[]) => boolean, during?: () => Promise<void>): Promise<any[]> {
  const res = await api(server, path)
  assert.equal(res.status, 200)
  const reader = res.body!.getReader()
  const events: any[] = []
  let buf = ''
  const decoder = new TextDecoder()
  const pending = during?.()
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    buf += decoder.decode(value, { stream: true })
    let i
    while ((i = buf.indexOf('\n')) >= 0) {
      events.push(JSON.parse(buf.slice(0, i)))
      buf = buf.slice(i + 1)
    }
    if (stop(events)) {
      await reader.cancel()
      break
    }
  }
  await pending
  return events
}

describe('lists', () => {
  test('limit and continue page through a consistent snapshot', async () => {
    for (let i = 0; i < 7; i++) await call('POST', '/api/v1/namespaces/sem/configmaps', { metadata: { name: `page-${i}`, labels: { page: 'yes' } } })
    const first = await call('GET', '/api/v1/namespaces/sem/configmaps?limit=3')
    assert.equal(first.body.items.length, 3)
    assert.ok(first.body.metadata.continue)
    assert.equal(first.body.metadata.remainingItemCount, 4)
    const rv = first.body.metadata.resourceVersion
    await call('POST', '/api/v1/namespaces/sem/configmaps', { metadata: { name: 'page-late' } })
    const names = first.body.items.map((i: any) => i.metadata.name)
    let cont = first.body.metadata.continue
    while (cont) {
      const next = await call('GET', `/api/v1/namespaces/sem/configmaps?limit=3&continue=${encodeURIComponent(cont)}`)
      assert.equal(next.status, 200)
      assert.equal(next.body.metadata.resourceVersion, rv, 'every page comes from the first page snapshot')
      names.push(...next.body.items.map((i: any) => i.metadata.name))
      cont = next.body.metadata.continue
    }
    assert.deepEqual(names, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6'])
    const withSelector = await call('GET', '/api/v1/namespaces/sem/configmaps?limit=2&labelSelector=page%3Dyes')
    assert.equal(withSelector.body.items.length, 2)
    assert.equal(withSelector.body.metadata.remainingItemCount, undefined)
    const bad = await call('GET', '/api/v1/namespaces/sem/configmaps?continue=notatoken')
    assert.equal(bad.status, 400)
  })

  test('field selectors, including unsupported fields', async () => {
    const byName = await call('GET', '/api/v1/namespaces/sem/configmaps?fieldSelector=metadata.name%3Dpage-1')
    assert.deepEqual(byName.body.items.map((i: any) => i.metadata.name), ['page-1'])
    const unsupported = await call('GET', '/api/v1/namespaces/sem/configmaps?fieldSelector=data.x%3Dy')
    assert.equal(unsupported.status, 400)
    assert.equal(unsupported.body.message, '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"')
    const pods = await call('GET', '/api/v1/pods?fieldSelector=status.phase%3DPending')
    assert.equal(pods.status, 200)
    const badPod = await call('GET', '/api/v1/pods?fieldSelector=spec.nope%3D1')
    assert.equal(badPod.body.message, 'field label not supported: spec.nope')
  })

  test('Table responses carry kube-apiserver columns', async () => {
    const res = await api(server, '/api/v1/namespaces/sem/configmaps?limit=2', {
      headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    })
    assert.equal(res.headers.get('content-type'), 'application/json;as=Table;v=v1;g=meta.k8s.io')
    const table = (await res.json()) as any
    assert.equal(table.kind, 'Table')
    assert.deepEqual(table.columnDefinitions.map((c: any) => c.name), ['Name', 'Data', 'Age'])
    assert.equal(table.rows[0].object.kind, 'PartialObjectMetadata')
    assert.ok(table.metadata.continue)
  })

  test('resourceVersionMatch rules are validated', async () => {
    const r = await call('GET', '/api/v1/namespaces/sem/configmaps?resourceVersionMatch=Exact')
    assert.equal(r.status, 422)
    assert.equal(r.body.message, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided')
    const current = await call('GET', '/api/v1/namespaces/sem/configmaps')
    const exact = await call('GET', `/api/v1/namespaces/sem/configmaps?resourceVersion=${current.body.metadata.resourceVersion}&resourceVersionMatch=Exact`)
    assert.equal(exact.status, 200)
    assert.equal(exact.body.items.length, current.body.items.length)
  })
})

describe('writes', () => {
  test('dryRun=All validates and answers without storing', async () => {
    const before = await call('GET', '/api/v1/namespaces/sem/configmaps')
    const dry = await call('POST', '/api/v1/namespaces/sem/configmaps?dryRun=All', { metadata: { name: 'dry' }, data: { a: '1' } })
    assert.equal(dry.status, 201)
    assert.equal(dry.body.metadata.name, 'dry')
    assert.ok(dry.body.metadata.uid)
    assert.equal((await call('GET', '/api/v1/namespaces/sem/configmaps/dry')).status, 404)
    const after = await call('GET', '/api/v1/namespaces/sem/configmaps')
    assert.equal(after.body.metadata.resourceVersion, before.body.metadata.resourceVersion)
    const badValue = await call('POST', '/api/v1/namespaces/sem/configmaps?dryRun=Some', { metadata: { name: 'dry2' } })
    assert.equal(badValue.status, 422)
    const invalid = await call('POST', '/api/v1/namespaces/sem/configmaps?dryRun=All', { metadata: { name: 'Not_Valid' } })
    assert.equal(invalid.status, 422)
    await call('POST', '/api/v1/namespaces/sem/configmaps', { metadata: { name: 'keep' } })
    const dryDelete = await call('DELETE', '/api/v1/namespaces/sem/configmaps/keep', { dryRun: ['All'] })
    assert.equal(dryDelete.status, 200)
    assert.equal((await call('GET', '/api/v1/namespaces/sem/configmaps/keep')).status, 200)
  })

  test('generateName makes unique names', async () => {
    const a = await call('POST', '/api/v1/namespaces/sem/secrets', { metadata: { generateName: 'gen-' }, stringData: { k: 'v' } })
    const b = await call('POST', '/api/v1/namespaces/sem/secrets', { metadata: { generateName: 'gen-' }, stringData: { k: 'v' } })
    assert.equal(a.status, 201)
    assert.match(a.body.metadata.name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    assert.notEqual(a.body.metadata.name, b.body.metadata.name)
    assert.deepEqual(a.body.data, { k: Buffer.from('v').toString('base64') })
    assert.equal(a.body.stringData, undefined)
  })

  test('the status subresource changes only status, the main resource never does', async () => {
    // A StatefulSet: no controller here writes its status (Deployments have one now).
    const d = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'st' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'st' } }, template: { metadata: { labels: { app: 'st' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    }
    const created = await call('POST', '/apis/apps/v1/namespaces/sem/statefulsets', d)
    assert.equal(created.status, 201)
    assert.equal(created.body.metadata.generation, 1)
    const withStatus = { ...created.body, spec: { ...created.body.spec, replicas: 5 }, status: { replicas: 3, observedGeneration: 1 } }
    const st = await call('PUT', '/apis/apps/v1/namespaces/sem/statefulsets/st/status', withStatus)
    assert.equal(st.status, 200)
    assert.equal(st.body.status.replicas, 3)
    assert.equal(st.body.spec.replicas, 1, 'spec is not changed through /status')
    const main = await call('PATCH', '/apis/apps/v1/namespaces/sem/statefulsets/st', { spec: { replicas: 2 }, status: { replicas: 9 } }, 'application/merge-patch+json')
    assert.equal(main.body.spec.replicas, 2)
    assert.equal(main.body.status.replicas, 3, 'status is not changed through the main resource')
    assert.equal(main.body.metadata.generation, 2)
    const scale = await call('GET', '/apis/apps/v1/namespaces/sem/statefulsets/st/scale')
    assert.deepEqual(
      { kind: scale.body.kind, apiVersion: scale.body.apiVersion, spec: scale.body.spec, status: scale.body.status },
      { kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, status: { replicas: 3, selector: 'app=st' } },
    )
    const scaled = await call('PATCH', '/apis/apps/v1/namespaces/sem/statefulsets/st/scale', { spec: { replicas: 4 } }, 'application/merge-patch+json')
    assert.equal(scaled.body.spec.replicas, 4)
    assert.equal((await call('GET', '/apis/apps/v1/namespaces/sem/statefulsets/st')).body.spec.replicas, 4)
  })

  test('deletecollection deletes what the selector matches', async () => {
    for (const n of ['dc-1', 'dc-2', 'dc-3']) await call('POST', '/api/v1/namespaces/sem/configmaps', { metadata: { name: n, labels: { dc: n === 'dc-3' ? 'keep' : 'go' } } })
    const r = await call('DELETE', '/api/v1/namespaces/sem/configmaps?labelSelector=dc%3Dgo')
    assert.equal(r.status, 200)
    assert.equal(r.body.kind, 'ConfigMapList')
    assert.deepEqual(r.body.items.map((i: any) => i.metadata.name).sort(), ['dc-1', 'dc-2'])
    const left = await call('GET', '/api/v1/namespaces/sem/configmaps?labelSelector=dc')
    assert.deepEqual(left.body.items.map((i: any) => i.metadata.name), ['dc-3'])
  })
})

describe('deletion', () => {
  async function ownerAndDependent(prefix: string) {
    const owner = (await call('POST', '/api/v1/namespaces/sem/configmaps', { metadata: { name: `${prefix}-owner` } })).body
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name, uid: owner.metadata.uid, blockOwnerDeletion: true }
    const dep = await call('POST', '/api/v1/namespaces/sem/configmaps', { metadata: { name: `${prefix}-dep`, ownerReferences: [ref] } })
    assert.equal(dep.status, 201)
    return owner
  }
  const exists = async (name: string) => (await call('GET', `/api/v1/namespaces/sem/configmaps/${name}`)).status === 200

  test('Background: the owner goes at once, the garbage collector removes dependents', async () => {
    await ownerAndDependent('bg')
    const r = await call('DELETE', '/api/v1/namespaces/sem/configmaps/bg-owner', { propagationPolicy: 'Background' })
    assert.equal(r.status, 200)
    assert.equal(r.body.kind, 'Status')
    assert.equal(r.body.status, 'Success')
    await eventually(async () => !(await exists('bg-dep')))
  })

  test('Foreground: the owner waits for its dependents', async () => {
    await ownerAndDependent('fg')
    const r = await call('DELETE', '/api/v1/namespaces/sem/configmaps/fg-owner', { propagationPolicy: 'Foreground' })
    assert.equal(r.status, 200)
    assert.ok(r.body.metadata.deletionTimestamp)
    assert.deepEqual(r.body.metadata.finalizers, ['foregroundDeletion'])
    await eventually(async () => !(await exists('fg-dep')) && !(await exists('fg-owner')))
  })

  test('Orphan: dependents stay and lose their owner reference', async () => {
    await ownerAndDependent('or')
    await call('DELETE', '/api/v1/namespaces/sem/configmaps/or-owner', { propagationPolicy: 'Orphan' })
    await eventually(async () => !(await exists('or-owner')))
    const dep = await call('GET', '/api/v1/namespaces/sem/configmaps/or-dep')
    assert.equal(dep.status, 200)
    assert.equal(dep.body.metadata.ownerReferences, undefined)
  })

  test('finalizers hold an object until they are removed; none may be added meanwhile', async () => {
    await call('POST', '/api/v1/namespaces/sem/configmaps', { metadata: { name: 'fin', finalizers: ['example.com/hold'] } })
    const r = await call('DELETE', '/api/v1/namespaces/sem/configmaps/fin')
    assert.equal(r.status, 200)
    const held = await call('GET', '/api/v1/namespaces/sem/configmaps/fin')
    assert.ok(held.body.metadata.deletionTimestamp)
    const add = await call('PATCH', '/api/v1/namespaces/sem/configmaps/fin', { metadata: { finalizers: ['example.com/hold', 'example.com/more'] } }, 'application/merge-patch+json')
    assert.equal(add.status, 422)
    assert.match(add.body.message, /no new finalizers can be added if the object is being deleted, found new finalizers \[\]string\{"example.com\/more"\}/)
    const release = await call('PATCH', '/api/v1/namespaces/sem/configmaps/fin', { metadata: { finalizers: null } }, 'application/merge-patch+json')
    assert.equal(release.status, 200)
    assert.equal((await call('GET', '/api/v1/namespaces/sem/configmaps/fin')).status, 404)
  })

  test('preconditions that do not match are a conflict', async () => {
    await call('POST', '/api/v1/namespaces/sem/configmaps', { metadata: { name: 'pre' } })
    const r = await call('DELETE', '/api/v1/namespaces/sem/configmaps/pre', { preconditions: { uid: 'not-the-uid' } })
    assert.equal(r.status, 409)
    assert.match(r.body.message, /^Operation cannot be fulfilled on configmaps "pre": Precondition failed: UID in precondition: not-the-uid, UID in object meta: /)
  })
})

describe('watch', () => {
  test('from a resourceVersion: only later changes, in order, with the deletion state', async () => {
    const list = await call('GET', '/api/v1/namespaces/sem/configmaps')
    const rv = list.body.metadata.resourceVersion
    const events = await watchLines(
      `/api/v1/namespaces/sem/configmaps?watch=1&resourceVersion=${rv}`,
      (evs) => evs.some((e) => e.type === 'DELETED'),
      async () => {
        await call('POST', '/api/v1/namespaces/sem/configmaps', { metadata: { name: 'w1' }, data: { a: '1' } })
        await call('PATCH', '/api/v1/namespaces/sem/configmaps/w1', { data: { a: '2' } }, 'application/merge-patch+json')
        await call('DELETE', '/api/v1/namespaces/sem/configmaps/w1')
      },
    )
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.data?.a}`),
      ['ADDED w1 1', 'MODIFIED w1 2', 'DELETED w1 2'],
    )
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion))
    assert.ok(rvs[0] > Number(rv) && rvs[0] < rvs[1] && rvs[1] < rvs[2])
    assert.equal(events[0].object.kind, 'ConfigMap')
  })

  test('label selectors turn a change that leaves the selection into DELETED', async () => {
    await call('POST', '/api/v1/namespaces/sem/configmaps', { metadata: { name: 'sel', labels: { watch: 'me' } } })
    const events = await watchLines(
      '/api/v1/namespaces/sem/configmaps?watch=true&labelSelector=watch%3Dme',
      (evs) => evs.some((e) => e.type === 'DELETED'),
      async () => {
        await sleep(100)
        await call('PATCH', '/api/v1/namespaces/sem/configmaps/sel', { metadata: { labels: { watch: 'no' } } }, 'application/merge-patch+json')
      },
    )
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'DELETED'])
  })

  test('sendInitialEvents ends with a bookmark; timeoutSeconds ends the stream', async () => {
    const events = await watchLines(
      '/api/v1/namespaces/sem/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1',
      () => false,
    )
    const bookmark = events[events.length - 1]
    assert.equal(bookmark.type, 'BOOKMARK')
    assert.equal(bookmark.object.metadata.annotations['k8s.io/initial-events-end'], 'true')
    assert.ok(events.slice(0, -1).every((e) => e.type === 'ADDED'))
    assert.ok(events.length > 5)
  })
})

describe('discovery', () => {
  test('aggregated discovery with ETag and 304', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json'
    const res = await api(server, '/apis', { headers: { Accept: accept } })
    assert.equal(res.headers.get('content-type'), 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')
    const etag = res.headers.get('etag')!
    assert.match(etag, /^"[0-9A-F]{128}"$/)
    const doc = (await res.json()) as any
    const apps = doc.items.find((g: any) => g.metadata.name === 'apps')
    const deployments = apps.versions[0].resources.find((r: any) => r.resource === 'deployments')
    assert.deepEqual(deployments.shortNames, ['deploy'])
    assert.ok(deployments.subresources.some((s: any) => s.subresource === 'scale' && s.responseKind.kind === 'Scale'))
    const again = await api(server, '/apis', { headers: { Accept: accept, 'If-None-Match': etag } })
    assert.equal(again.status, 304)
    const legacy = (await (await api(server, '/apis/apps/v1')).json()) as any
    assert.equal(legacy.kind, 'APIResourceList')
    assert.ok(legacy.resources.some((r: any) => r.name === 'deployments/status'))
  })
})
