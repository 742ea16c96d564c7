/**
 * Conformance cases for compaction: history below the compacted revision is gone (Compacted),
 * the state at and after it is intact, and the revision counter never goes back.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isStorageError, type KeyValue } from '../interface.js'
import type { WithStorage } from './conformance.js'
import { settle, WatchRecorder } from './watch-recorder.js'

/** An assert.rejects predicate: Compacted, reporting the compacted revision. */
function compactedAt(rev: number) {
  return (err: unknown): boolean => {
    assert.ok(isStorageError(err, 'Compacted'), `expected Compacted, got ${String(err)}`)
    assert.equal(err.compactedRevision, rev)
    return true
  }
}

export function registerCompactionCases(withStorage: WithStorage): void {
  void test('reads and watches below the compacted revision fail with Compacted', () =>
    withStorage(async (s) => {
      const a1 = await s.create('/k/a', 'a1')
      const b1 = await s.create('/k/b', 'b1')
      const a2 = await s.update('/k/a', 'a2', a1.modRevision)
      await s.delete('/k/b')
      await s.create('/k/c', 'c1')
      const at = a2.modRevision
      await s.compact(at)
      assert.equal(await s.compactedRevision(), at)

      await assert.rejects(s.get('/k/a', { revision: b1.modRevision }), compactedAt(at))
      await assert.rejects(s.list('/k/', { revision: b1.modRevision }), compactedAt(at))
      await assert.rejects(s.list('/k/', { revision: b1.modRevision, limit: 1 }), compactedAt(at))

      const rec = new WatchRecorder()
      let insideWatchCall = true
      const onError = rec.onError.bind(rec)
      rec.onError = (err) => {
        assert.equal(insideWatchCall, false, 'onError must be asynchronous')
        onError(err)
      }
      const w = s.watch('/k/', b1.modRevision, rec)
      insideWatchCall = false
      const err = await rec.waitForError()
      assert.ok(isStorageError(err, 'Compacted'))
      assert.equal(err.compactedRevision, at)
      await s.create('/k/d', 'd1')
      await settle()
      assert.deepEqual(rec.events, [], 'no event follows the error')
      w.cancel()
    }))

  void test('the state at and after the compacted revision stays readable and watchable', () =>
    withStorage(async (s) => {
      const a1 = await s.create('/k/a', 'a1')
      const b1 = await s.create('/k/b', 'b1')
      const a2 = await s.update('/k/a', 'a2', a1.modRevision)
      const bDel = await s.delete('/k/b')
      const c1 = await s.create('/k/c', 'c1')
      await s.compact(a2.modRevision)

      const atCompaction = await s.list('/k/', { revision: a2.modRevision })
      assert.deepEqual(
        atCompaction.items.map((kv) => [kv.key, kv.value]),
        [
          ['/k/a', 'a2'],
          ['/k/b', 'b1'],
        ],
      )
      assert.deepEqual(await s.get('/k/b', { revision: a2.modRevision }), b1)
      assert.deepEqual(
        (await s.list('/k/')).items.map((kv) => [kv.key, kv.value]),
        [
          ['/k/a', 'a2'],
          ['/k/c', 'c1'],
        ],
      )

      const rec = new WatchRecorder()
      const w = s.watch('/k/', a2.modRevision, rec)
      try {
        await rec.waitForEvents(2)
        await settle()
        assert.deepEqual(rec.summaries(), [
          ['DELETE', '/k/b', 'b1', bDel.modRevision],
          ['PUT', '/k/c', 'c1', c1.modRevision],
        ])
        assert.deepEqual(rec.errors, [])
      } finally {
        w.cancel()
      }
    }))

  void test('compaction keeps the revision counter: the next write gets a higher revision', () =>
    withStorage(async (s) => {
      let kv: KeyValue = await s.create('/k/a', 'v0')
      for (let i = 1; i < 5; i++) kv = await s.update('/k/a', `v${i}`, kv.modRevision)
      const gone = await s.create('/k/b', 'b')
      const deleted = await s.delete('/k/b') // the newest write is a tombstone
      await s.compact(deleted.modRevision)
      assert.equal(await s.currentRevision(), deleted.modRevision)
      assert.equal(await s.compactedRevision(), deleted.modRevision)
      assert.equal(await s.get('/k/b'), null)
      assert.deepEqual(await s.get('/k/a'), kv)
      const next = await s.create('/k/b', 'again')
      assert.ok(next.modRevision > deleted.modRevision)
      assert.ok(next.createRevision > gone.createRevision)
      const updated = await s.update('/k/a', 'after', kv.modRevision)
      assert.equal(updated.createRevision, kv.createRevision)
      assert.equal(await s.count('/k/'), 2)
    }))

  void test('compacting again at an older revision changes nothing', () =>
    withStorage(async (s) => {
      const a = await s.create('/k/a', '1')
      const b = await s.create('/k/b', '2')
      await s.compact(b.modRevision)
      await s.compact(a.modRevision)
      assert.equal(await s.compactedRevision(), b.modRevision)
      assert.equal((await s.list('/k/')).items.length, 2)
    }))
}
