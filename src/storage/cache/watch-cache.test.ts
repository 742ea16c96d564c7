import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { isStorageError, type StorageError, type WatchHandlers, type Watcher } from '../interface.js'
import { openSqliteStorage, type SqliteStorage } from '../sqlite/sqlite-storage.js'
import { settle, waitUntil } from '../testing/watch-recorder.js'
import { WatchCache, type CacheEvent, type WatchCacheOptions } from './watch-cache.js'

const P = '/registry/core/configmaps/'
const obj = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ kind: 'ConfigMap', metadata: { name }, ...extra })

/** A SQLite store in memory with a started cache over it. */
async function setup(opts: WatchCacheOptions = {}, before?: (s: SqliteStorage) => Promise<void>) {
  const storage = openSqliteStorage(':memory:', { compactIntervalMs: 0 })
  if (before) await before(storage)
  const cache = new WatchCache(storage, opts)
  await cache.start()
  return {
    storage,
    cache,
    close: async () => {
      cache.stop()
      await storage.close()
    },
  }
}

/** Records one cache watch. */
class Recorder {
  events: CacheEvent[] = []
  errors: StorageError[] = []
  onEvents = (evs: CacheEvent[]) => void this.events.push(...evs)
  onError = (err: StorageError) => void this.errors.push(err)
  summary = () => this.events.map((e) => [e.type, e.key, e.revision])
  wait = (n: number) =>
    waitUntil(
      () => this.events.length >= n,
      5000,
      () => `${this.events.length}/${n} events`,
    )
}

void describe('WatchCache', () => {
  void test('start loads the existing state; get and list reflect each write once its promise resolves', async () => {
    const t = await setup({}, async (s) => void (await s.create(`${P}ns1/old`, obj('old'))))
    try {
      assert.equal(t.cache.get(`${P}ns1/old`)?.obj.metadata.name, 'old')
      const a = await t.storage.create(`${P}ns1/a`, obj('a', { data: { x: '1' } }))
      assert.equal(t.cache.get(`${P}ns1/a`)?.modRevision, a.modRevision)
      assert.equal(t.cache.revision, a.modRevision)
      const a2 = await t.storage.update(`${P}ns1/a`, obj('a', { data: { x: '2' } }), a.modRevision)
      assert.equal(t.cache.get(`${P}ns1/a`)?.obj.data.x, '2')
      const listed = await t.cache.list(P)
      assert.deepEqual(
        listed.items.map((o) => o.key),
        [`${P}ns1/a`, `${P}ns1/old`],
      )
      assert.equal(listed.revision, a2.modRevision)
      await t.storage.delete(`${P}ns1/old`)
      assert.equal(t.cache.get(`${P}ns1/old`), undefined)
      assert.equal(t.cache.count(P), 1)
    } finally {
      await t.close()
    }
  })

  void test('cached objects carry resourceVersion = modRevision and memoize their JSON', async () => {
    const t = await setup()
    try {
      const kv = await t.storage.create(`${P}ns1/a`, obj('a'))
      await t.storage.create('/registry/raw/things/x', 'not json')
      const o = t.cache.get(`${P}ns1/a`)!
      assert.equal(o.obj.metadata.resourceVersion, String(kv.modRevision))
      assert.equal(o.createRevision, kv.createRevision)
      assert.deepEqual(JSON.parse(o.json()), {
        kind: 'ConfigMap',
        metadata: { name: 'a', resourceVersion: String(kv.modRevision) },
      })
      assert.equal(o.json(), o.json())
      const raw = t.cache.get('/registry/raw/things/x')!
      assert.equal(raw.obj, null)
      assert.equal(raw.json(), 'not json')
    } finally {
      await t.close()
    }
  })

  void test('list isolates prefixes and sorts across resources and namespaces', async () => {
    const keys = [
      '/registry/apps/deployments/ns2/a',
      '/registry/apps/deployments/ns1/b',
      '/registry/apps/deployments-x/ns1/a',
      '/registry/apps/deployments/ns1/a',
      '/registry/apps/replicasets/ns1/a',
      '/registry/core/pods/ns1/a',
    ]
    const t = await setup({}, async (s) => {
      for (const k of keys.slice(0, 3)) await s.create(k, obj(k))
    })
    try {
      for (const k of keys.slice(3)) await t.storage.create(k, obj(k))
      const cases = [
        { prefix: '/registry/apps/deployments/', want: [keys[3], keys[1], keys[0]] },
        { prefix: '/registry/apps/deployments/ns1/', want: [keys[3], keys[1]] },
        { prefix: '/registry/apps/', want: [keys[2], keys[3], keys[1], keys[0], keys[4]] },
        { prefix: '/registry/', want: [...keys].sort() },
        { prefix: '/registry/batch/', want: [] },
      ]
      for (const c of cases) {
        const r = await t.cache.list(c.prefix)
        assert.deepEqual(
          r.items.map((o) => o.key),
          c.want,
          c.prefix,
        )
      }
    } finally {
      await t.close()
    }
  })

  void test('paging with startKey, limit and a filter counts only matching items', async () => {
    const t = await setup()
    try {
      for (let i = 0; i < 20; i++)
        await t.storage.create(`${P}ns/k${String(i).padStart(2, '0')}`, obj(`k${i}`, { n: i }))
      const even = (o: { obj: any }) => o.obj.n % 2 === 0
      const pages: number[][] = []
      let startKey: string | undefined
      const first = await t.cache.list(P, { limit: 3, filter: even })
      assert.equal(first.more, true)
      assert.equal(first.remaining, 7)
      for (let page = first; ;) {
        pages.push(page.items.map((o) => o.obj.n))
        if (!page.more) break
        startKey = page.items[page.items.length - 1].key + '\0'
        page = await t.cache.list(P, { limit: 3, filter: even, startKey })
      }
      assert.deepEqual(pages, [[0, 2, 4], [6, 8, 10], [12, 14, 16], [18]])
      const unfiltered = await t.cache.list(P, { limit: 5, startKey: `${P}ns/k10` })
      assert.deepEqual(
        unfiltered.items.map((o) => o.obj.n),
        [10, 11, 12, 13, 14],
      )
      assert.equal(unfiltered.remaining, 5)
    } finally {
      await t.close()
    }
  })

  void test('list at an older revision is read from the backend; a compacted one fails', async () => {
    const t = await setup()
    try {
      const a = await t.storage.create(`${P}ns/a`, obj('a', { v: 1 }))
      await t.storage.create(`${P}ns/b`, obj('b'))
      const at = (await t.storage.update(`${P}ns/a`, obj('a', { v: 2 }), a.modRevision)).modRevision
      await t.storage.delete(`${P}ns/b`)
      await t.storage.create(`${P}ns/c`, obj('c'))
      const old = await t.cache.list(P, { revision: at })
      assert.equal(old.revision, at)
      assert.deepEqual(
        old.items.map((o) => [o.obj.metadata.name, o.obj.v, o.obj.metadata.resourceVersion]),
        [
          ['a', 2, String(at)],
          ['b', undefined, String(a.modRevision + 1)],
        ],
      )
      const filtered = await t.cache.list(P, { revision: at, filter: (o) => o.obj.metadata.name === 'b' })
      assert.deepEqual(
        filtered.items.map((o) => o.key),
        [`${P}ns/b`],
      )
      await t.storage.compact(at + 1)
      await assert.rejects(t.cache.list(P, { revision: at }), (e) => isStorageError(e, 'Compacted'))
    } finally {
      await t.close()
    }
  })

  void test('watch replays retained events after a revision, then live ones, with prev and deletion state', async () => {
    const t = await setup()
    try {
      const a = await t.storage.create(`${P}ns/a`, obj('a'))
      const b = await t.storage.create(`${P}ns/b`, obj('b'))
      await t.storage.create('/registry/core/secrets/ns/s', obj('s'))
      const rec = new Recorder()
      const w = t.cache.watch(P, a.modRevision, rec.onEvents, rec.onError)
      assert.equal(rec.events.length, 0, 'nothing is delivered inside watch()')
      const del = await t.storage.delete(`${P}ns/b`)
      await rec.wait(2)
      await settle()
      assert.deepEqual(rec.summary(), [
        ['PUT', `${P}ns/b`, b.modRevision],
        ['DELETE', `${P}ns/b`, del.modRevision],
      ])
      const d = rec.events[1]
      assert.equal(d.object.obj.metadata.resourceVersion, String(del.modRevision))
      assert.equal(d.prev?.modRevision, b.modRevision)
      assert.equal(rec.events[0].prev, undefined)
      w.cancel()
      await t.storage.create(`${P}ns/z`, obj('z'))
      await settle()
      assert.equal(rec.events.length, 2, 'cancel stops delivery')
    } finally {
      await t.close()
    }
  })

  void test('a too-old revision fails asynchronously with the watch-cache wording', async () => {
    const t = await setup({ capacity: 3 }, async (s) => void (await s.create(`${P}ns/first`, obj('first'))))
    try {
      const started = t.cache.revision
      const before = new Recorder()
      t.cache.watch(P, started - 1, before.onEvents, before.onError)
      assert.equal(before.errors.length, 0, 'the error is asynchronous')
      await waitUntil(
        () => before.errors.length > 0,
        5000,
        () => 'an error',
      )
      assert.equal(before.errors[0].code, 'Compacted')
      assert.equal(before.errors[0].message, `too old resource version: ${started - 1} (${started})`)

      for (let i = 0; i < 5; i++) await t.storage.create(`${P}ns/k${i}`, obj(`k${i}`))
      const oldest = t.cache.revision - 2 // capacity 3: the three newest are retained
      const old = new Recorder()
      t.cache.watch(P, started, old.onEvents, old.onError)
      await waitUntil(
        () => old.errors.length > 0,
        5000,
        () => 'an error',
      )
      assert.equal(old.errors[0].message, `too old resource version: ${started} (${oldest - 1})`)
      assert.equal(old.errors[0].compactedRevision, oldest - 1)
      assert.deepEqual(old.events, [])

      const ok = new Recorder()
      t.cache.watch(P, oldest - 1, ok.onEvents, ok.onError)
      await ok.wait(3)
      assert.deepEqual(
        ok.events.map((e) => e.revision),
        [oldest, oldest + 1, oldest + 2],
      )
      assert.deepEqual(ok.errors, [])
    } finally {
      await t.close()
    }
  })

  void test('1,000 watchers on one prefix all receive each event, and other prefixes none', async () => {
    const t = await setup()
    try {
      const recs = Array.from({ length: 1000 }, () => new Recorder())
      const start = t.cache.revision
      const ws: Watcher[] = recs.map((r) => t.cache.watch(P, start, r.onEvents, r.onEvents as never))
      const other = new Recorder()
      t.cache.watch('/registry/core/secrets/', start, other.onEvents, other.onError)
      await settle()
      const a = await t.storage.create(`${P}ns/a`, obj('a'))
      await t.storage.update(`${P}ns/a`, obj('a', { v: 2 }), a.modRevision)
      for (const r of recs)
        assert.deepEqual(r.summary(), [
          ['PUT', `${P}ns/a`, a.modRevision],
          ['PUT', `${P}ns/a`, a.modRevision + 1],
        ])
      assert.deepEqual(other.events, [])
      for (const w of ws) w.cancel()
    } finally {
      await t.close()
    }
  })

  void test('a handler that throws is cancelled alone; a handler that writes keeps the order', async () => {
    const t = await setup()
    try {
      const start = t.cache.revision
      let thrown = 0
      t.cache.watch(
        P,
        start,
        () => {
          thrown++
          throw new Error('boom')
        },
        () => {},
      )
      t.cache.watch(
        P,
        start,
        (evs) => {
          for (const e of evs)
            if (e.key.endsWith('/trigger')) void t.storage.create(`${P}ns/echo`, obj('echo'))
        },
        () => {},
      )
      const rec = new Recorder()
      t.cache.watch(P, start, rec.onEvents, rec.onError)
      await settle()
      await t.storage.create(`${P}ns/trigger`, obj('trigger'))
      await t.storage.create(`${P}ns/after`, obj('after'))
      await rec.wait(3)
      assert.deepEqual(
        rec.events.map((e) => e.key.slice(P.length)),
        ['ns/trigger', 'ns/echo', 'ns/after'],
      )
      assert.equal(thrown, 1)
    } finally {
      await t.close()
    }
  })

  void test('a handler that writes while its replay is delivered sees its own write afterwards', async () => {
    const t = await setup()
    try {
      const start = t.cache.revision
      await t.storage.create(`${P}ns/trigger`, obj('trigger'))
      const seen: string[] = []
      t.cache.watch(
        P,
        start,
        (evs) => {
          for (const e of evs) {
            if (e.key.endsWith('/trigger')) void t.storage.create(`${P}ns/echo`, obj('echo'))
            seen.push(e.key.slice(P.length))
          }
        },
        () => {},
      )
      await waitUntil(
        () => seen.length >= 2,
        5000,
        () => 'two events',
      )
      assert.deepEqual(seen, ['ns/trigger', 'ns/echo'])
    } finally {
      await t.close()
    }
  })

  void test('waitUntilFresh: true at once, true when the revision arrives, false on timeout', async () => {
    const t = await setup()
    try {
      assert.equal(await t.cache.waitUntilFresh(t.cache.revision), true)
      const next = t.cache.revision + 1
      const pending = t.cache.waitUntilFresh(next, 2000)
      await t.storage.create(`${P}ns/a`, obj('a'))
      assert.equal(await pending, true)
      const t0 = Date.now()
      assert.equal(await t.cache.waitUntilFresh(t.cache.revision + 5, 50), false)
      assert.ok(Date.now() - t0 >= 45)
      assert.equal(await t.cache.getRevisionNow(), t.cache.revision)
    } finally {
      await t.close()
    }
  })

  void test('writes outside the cached prefix keep the cache current through progress notices', async () => {
    const t = await setup()
    try {
      await t.storage.create(`${P}ns/a`, obj('a'))
      await t.storage.create('/elsewhere/lease', '{}')
      const now = await t.cache.getRevisionNow()
      assert.equal(t.cache.revision, now)
      const t0 = Date.now()
      assert.equal(await t.cache.waitUntilFresh(now, 2000), true)
      assert.ok(Date.now() - t0 < 500)
      assert.equal(t.cache.get('/elsewhere/lease'), undefined)
    } finally {
      await t.close()
    }
  })

  void test('stop ends open watches with Unreachable', async () => {
    const t = await setup()
    const rec = new Recorder()
    t.cache.watch(P, t.cache.revision, rec.onEvents, rec.onError)
    await settle()
    await t.close()
    assert.equal(rec.errors.length, 1)
    assert.equal(rec.errors[0].code, 'Unreachable')
  })

  void test('when the backend watch fails, watchers get Compacted and the cache re-lists', async () => {
    const storage = openSqliteStorage(':memory:', { compactIntervalMs: 0 })
    let handlers: WatchHandlers | undefined
    let inner: Watcher | undefined
    // The backend, except that the test can break its watch.
    const flaky = Object.create(storage) as SqliteStorage
    flaky.watch = (prefix, after, h) => {
      handlers = h
      inner = storage.watch(prefix, after, h)
      return inner
    }
    const cache = new WatchCache(flaky, { resyncDelayMs: 10 })
    try {
      await cache.start()
      await storage.create(`${P}ns/a`, obj('a'))
      const rec = new Recorder()
      cache.watch(P, cache.revision, rec.onEvents, rec.onError)
      await settle()
      inner!.cancel()
      handlers!.onError(new Error('connection reset') as StorageError)
      assert.equal(rec.errors[0]?.code, 'Compacted')
      const b = await storage.create(`${P}ns/b`, obj('b')) // while the cache is not following
      await waitUntil(
        () => cache.revision >= b.modRevision,
        5000,
        () => 're-list',
      )
      assert.deepEqual(
        (await cache.list(P)).items.map((o) => o.obj.metadata.name),
        ['a', 'b'],
      )
      const c = await storage.create(`${P}ns/c`, obj('c'))
      assert.equal(cache.get(`${P}ns/c`)?.modRevision, c.modRevision, 'following again')
    } finally {
      cache.stop()
      await storage.close()
    }
  })

  void test('listing 10,000 objects under one resource stays fast', async () => {
    const t = await setup()
    try {
      for (let i = 0; i < 10_000; i++) await t.storage.create(`${P}ns${i % 10}/o${i}`, obj(`o${i}`, { i }))
      for (let i = 0; i < 2000; i++) await t.storage.create(`/registry/core/secrets/ns/s${i}`, obj(`s${i}`))
      const t0 = performance.now()
      let r = await t.cache.list(P)
      for (let i = 0; i < 9; i++) r = await t.cache.list(P)
      const perList = (performance.now() - t0) / 10
      assert.equal(r.items.length, 10_000)
      assert.ok(perList < 100, `a 10,000-item list took ${perList.toFixed(1)} ms`)
      const page = await t.cache.list(P, { limit: 500 })
      assert.equal(page.items.length, 500)
      assert.equal(page.remaining, 9500)
    } finally {
      await t.close()
    }
  })
})
