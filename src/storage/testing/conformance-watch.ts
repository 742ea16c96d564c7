/**
 * Conformance cases for watch: replay from a revision, hand-over to live events, prefix
 * isolation, event contents (prevKv, deletion state) and cancel.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { KeyValue, Storage } from '../interface.js'
import type { WithStorage } from './conformance.js'
import { settle, summarize, WatchRecorder, type EventSummary } from './watch-recorder.js'

/** Writes a small history under /w/ (and one key outside) and returns each write's summary. */
async function history(s: Storage): Promise<EventSummary[]> {
  const out: EventSummary[] = []
  const a = await s.create('/w/a', 'a1')
  out.push(['PUT', '/w/a', 'a1', a.modRevision])
  const b = await s.create('/w/b', 'b1')
  out.push(['PUT', '/w/b', 'b1', b.modRevision])
  await s.create('/wx/outside', 'o') // same string prefix without the slash: never delivered
  const a2 = await s.update('/w/a', 'a2', a.modRevision)
  out.push(['PUT', '/w/a', 'a2', a2.modRevision])
  const bDel = await s.delete('/w/b')
  out.push(['DELETE', '/w/b', 'b1', bDel.modRevision])
  return out
}

export function registerWatchCases(withStorage: WithStorage): void {
  void test('watch from 0 replays every event under the prefix in order, then live ones', () =>
    withStorage(async (s) => {
      const past = await history(s)
      const rec = new WatchRecorder()
      const w = s.watch('/w/', 0, rec)
      try {
        await rec.waitForEvents(past.length)
        const c = await s.create('/w/c', 'c1')
        await s.create('/other/x', 'x')
        const c2 = await s.update('/w/c', 'c2', c.modRevision)
        await rec.waitForEvents(past.length + 2)
        await settle()
        assert.deepEqual(rec.summaries(), [
          ...past,
          ['PUT', '/w/c', 'c1', c.modRevision],
          ['PUT', '/w/c', 'c2', c2.modRevision],
        ])
        assert.deepEqual(rec.errors, [])
      } finally {
        w.cancel()
      }
    }))

  void test('watch from a mid revision replays exactly the later events', () =>
    withStorage(async (s) => {
      const past = await history(s)
      for (let i = 0; i < past.length; i++) {
        const rec = new WatchRecorder()
        const w = s.watch('/w/', past[i][3], rec)
        try {
          const later = past.slice(i + 1)
          if (later.length > 0) await rec.waitForEvents(later.length)
          await settle()
          assert.deepEqual(rec.summaries(), later, `watch after revision ${past[i][3]}`)
        } finally {
          w.cancel()
        }
      }
    }))

  void test('watch from the current revision gets only live events, each once, in order', () =>
    withStorage(async (s) => {
      await history(s)
      const rec = new WatchRecorder()
      const w = s.watch('/w/', await s.currentRevision(), rec)
      try {
        const want: EventSummary[] = []
        for (let i = 0; i < 20; i++) {
          const kv = await s.create(`/w/live${String(i).padStart(2, '0')}`, `v${i}`)
          want.push(['PUT', kv.key, kv.value, kv.modRevision])
        }
        await rec.waitForEvents(want.length)
        await settle()
        assert.deepEqual(rec.summaries(), want)
      } finally {
        w.cancel()
      }
    }))

  void test('writes racing with a replaying watch are delivered once, without gaps', () =>
    withStorage(async (s) => {
      const start = await s.currentRevision()
      const want: EventSummary[] = []
      for (let i = 0; i < 30; i++) {
        const kv = await s.create(`/race/k${i}`, `v${i}`)
        want.push(['PUT', kv.key, kv.value, kv.modRevision])
      }
      const rec = new WatchRecorder()
      const w = s.watch('/race/', start, rec)
      try {
        // No await between watch() and these writes: they land while the replay is pending.
        const writes: Promise<KeyValue>[] = []
        for (let i = 30; i < 60; i++) writes.push(s.create(`/race/k${i}`, `v${i}`))
        for (const kv of await Promise.all(writes)) want.push(['PUT', kv.key, kv.value, kv.modRevision])
        await rec.waitForEvents(want.length)
        await settle()
        assert.deepEqual(rec.summaries(), want)
      } finally {
        w.cancel()
      }
    }))

  void test('events carry prevKv; a DELETE carries the last value at the deletion revision', () =>
    withStorage(async (s) => {
      const rec = new WatchRecorder()
      const w = s.watch('/e/', await s.currentRevision(), rec)
      try {
        const created = await s.create('/e/a', 'one')
        const updated = await s.update('/e/a', 'two', created.modRevision)
        const deleted = await s.delete('/e/a')
        const [c, u, d] = await rec.waitForEvents(3)
        assert.equal(c.type, 'PUT')
        assert.deepEqual(c.kv, created)
        assert.equal(c.prevKv, undefined)
        assert.equal(u.type, 'PUT')
        assert.deepEqual(u.kv, updated)
        assert.deepEqual(u.prevKv, created)
        assert.equal(d.type, 'DELETE')
        assert.deepEqual(d.kv, {
          key: '/e/a',
          value: 'two',
          createRevision: created.createRevision,
          modRevision: deleted.modRevision,
        })
        assert.deepEqual(d.prevKv, updated)
      } finally {
        w.cancel()
      }
    }))

  void test('replayed events carry the same prevKv and deletion state as live ones', () =>
    withStorage(async (s) => {
      const start = await s.currentRevision()
      const live = new WatchRecorder()
      const lw = s.watch('/e/', start, live)
      try {
        const created = await s.create('/e/a', 'one')
        await s.update('/e/a', 'two', created.modRevision)
        await s.delete('/e/a')
        await s.create('/e/a', 'reborn')
        await live.waitForEvents(4)
        const replay = new WatchRecorder()
        const rw = s.watch('/e/', start, replay)
        await replay.waitForEvents(4)
        rw.cancel()
        assert.deepEqual(replay.events, live.events)
      } finally {
        lw.cancel()
      }
    }))

  void test('cancel stops delivery', () =>
    withStorage(async (s) => {
      const rec = new WatchRecorder()
      const w = s.watch('/c/', await s.currentRevision(), rec)
      await s.create('/c/a', '1')
      await rec.waitForEvents(1)
      w.cancel()
      await s.create('/c/b', '2')
      await s.create('/c/c', '3')
      await settle(100)
      assert.deepEqual(
        rec.events.map((e) => e.kv.key),
        ['/c/a'],
      )
      w.cancel() // a second cancel is harmless
    }))

  void test('cancel before the replay was delivered delivers nothing', () =>
    withStorage(async (s) => {
      await history(s)
      const rec = new WatchRecorder()
      s.watch('/w/', 0, rec).cancel()
      await s.create('/w/z', 'z')
      await settle(100)
      assert.deepEqual(rec.events, [])
      assert.deepEqual(rec.errors, [])
    }))

  void test('many watchers on overlapping prefixes each get exactly their events', () =>
    withStorage(async (s) => {
      const start = await s.currentRevision()
      const prefixes = ['/m/', '/m/a/', '/m/b/', '/m/a/x']
      const recs = prefixes.map(() => new WatchRecorder())
      const ws = prefixes.map((p, i) => s.watch(p, start, recs[i]))
      try {
        const keys = ['/m/a/x1', '/m/b/1', '/m/a/y', '/m/c', '/ma/1']
        const written: EventSummary[] = []
        for (const k of keys) written.push(summarize({ type: 'PUT', kv: await s.create(k, k) }))
        for (const [i, p] of prefixes.entries()) {
          const want = written.filter((e) => e[1].startsWith(p))
          await recs[i].waitForEvents(want.length)
          await settle(10)
          assert.deepEqual(recs[i].summaries(), want, `prefix ${p}`)
        }
      } finally {
        for (const w of ws) w.cancel()
      }
    }))
}
