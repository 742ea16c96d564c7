import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { isStorageError, type WatchEvent } from '../interface.js'
import { runStorageConformance } from '../testing/conformance.js'
import { settle, WatchRecorder } from '../testing/watch-recorder.js'
import { openSqliteStorage } from './sqlite-storage.js'

function tempDbPath(): { file: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-sqlite-'))
  return { file: path.join(dir, 'state.db'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

runStorageConformance('sqlite (file)', async () => {
  const { file, remove } = tempDbPath()
  const storage = openSqliteStorage(file, { compactIntervalMs: 0 })
  return {
    storage,
    cleanup: async () => {
      await storage.close()
      remove()
    },
  }
})

runStorageConformance('sqlite (:memory:)', async () => {
  const storage = openSqliteStorage(':memory:', { compactIntervalMs: 0 })
  return { storage, cleanup: () => storage.close() }
})

/** Rows left in the log table of a closed database file. */
function logRows(file: string): { id: number; name: string; deleted: number }[] {
  const db = new Database(file, { readonly: true })
  try {
    return db
      .prepare<[], { id: number; name: string; deleted: number }>(
        'SELECT id, name, deleted FROM kine ORDER BY id',
      )
      .all()
  } finally {
    db.close()
  }
}

void describe('sqlite storage', () => {
  void test('reopening a file keeps values, revisions and the compacted revision', async () => {
    const { file, remove } = tempDbPath()
    try {
      const s1 = openSqliteStorage(file, { compactIntervalMs: 0 })
      const a = await s1.create('/r/a', 'a1')
      const a2 = await s1.update('/r/a', 'a2', a.modRevision)
      const b = await s1.create('/r/b', 'b1')
      await s1.compact(a2.modRevision)
      const bDel = await s1.delete('/r/b') // the newest row is a tombstone
      await s1.compact(bDel.modRevision)
      await s1.close()

      const s2 = openSqliteStorage(file, { compactIntervalMs: 0 })
      try {
        assert.equal(await s2.currentRevision(), bDel.modRevision)
        assert.equal(await s2.compactedRevision(), bDel.modRevision)
        assert.deepEqual(await s2.get('/r/a'), a2)
        assert.equal(await s2.get('/r/b'), null)
        await assert.rejects(s2.get('/r/a', { revision: b.modRevision }), (e) =>
          isStorageError(e, 'Compacted'),
        )
        const c = await s2.create('/r/c', 'c1')
        assert.equal(c.modRevision, bDel.modRevision + 1)
        assert.deepEqual(
          (await s2.list('/r/')).items.map((kv) => kv.key),
          ['/r/a', '/r/c'],
        )
      } finally {
        await s2.close()
      }
    } finally {
      remove()
    }
  })

  void test('compaction deletes superseded rows and tombstones at or below the revision only', async () => {
    const { file, remove } = tempDbPath()
    try {
      const s = openSqliteStorage(file, { compactIntervalMs: 0 })
      const a1 = await s.create('/r/a', '1') // 1: superseded by 2
      const a2 = await s.update('/r/a', '2', a1.modRevision) // 2: superseded by 5, after the compaction point
      await s.create('/r/b', '1') // 3: superseded by tombstone 4
      await s.delete('/r/b') // 4: tombstone
      await s.update('/r/a', '3', a2.modRevision) // 5
      await s.create('/r/c', '1') // 6: live, kept
      await s.compact(4)
      await s.close()
      assert.deepEqual(
        logRows(file).map((r) => r.id),
        [2, 5, 6],
      )
    } finally {
      remove()
    }
  })

  void test('compaction works through many batches and leaves exactly the live rows', async () => {
    const s = openSqliteStorage(':memory:', { compactIntervalMs: 0 })
    try {
      let kv = await s.create('/r/hot', '0')
      for (let i = 1; i < 2500; i++) kv = await s.update('/r/hot', String(i), kv.modRevision)
      for (let i = 0; i < 300; i++) await s.delete((await s.create(`/r/tmp${i}`, 'x')).key)
      const keep = await s.create('/r/keep', 'k')
      await s.compact(await s.currentRevision())
      assert.deepEqual(
        (await s.list('/r/')).items.map((x) => [x.key, x.value]),
        [
          ['/r/hot', '2499'],
          ['/r/keep', 'k'],
        ],
      )
      assert.equal(await s.currentRevision(), keep.modRevision)
      const rec = new WatchRecorder()
      s.watch('/r/', keep.modRevision, rec)
      const next = await s.update('/r/keep', 'k2', keep.modRevision)
      await rec.waitForEvents(1)
      assert.deepEqual(rec.events[0].prevKv, keep)
      assert.deepEqual(rec.events[0].kv, next)
    } finally {
      await s.close()
    }
  })

  void test('an interrupted compaction sweep resumes when the file is reopened', async () => {
    const { file, remove } = tempDbPath()
    try {
      const s1 = openSqliteStorage(file, { compactIntervalMs: 0 })
      let kv = await s1.create('/r/a', '0')
      for (let i = 1; i < 10; i++) kv = await s1.update('/r/a', String(i), kv.modRevision)
      await s1.close()
      // As if the process died after recording the compaction but before sweeping.
      const db = new Database(file)
      db.prepare("INSERT INTO kine_meta (key, value) VALUES ('compact_revision', ?)").run(kv.modRevision)
      db.close()
      const s2 = openSqliteStorage(file, { compactIntervalMs: 0 })
      assert.equal(await s2.compactedRevision(), kv.modRevision)
      await s2.compact(0) // waits for the queued sweep
      await s2.close()
      assert.deepEqual(
        logRows(file).map((r) => r.id),
        [kv.modRevision],
      )
    } finally {
      remove()
    }
  })

  void test('periodic compaction keeps the newest retainRevisions revisions', async () => {
    const s = openSqliteStorage(':memory:', { compactIntervalMs: 20, retainRevisions: 5 })
    try {
      let kv = await s.create('/r/a', '0')
      for (let i = 1; i < 20; i++) kv = await s.update('/r/a', String(i), kv.modRevision)
      let compacted = 0
      for (const deadline = Date.now() + 3000; compacted === 0 && Date.now() < deadline;) {
        await settle(10)
        compacted = await s.compactedRevision()
      }
      assert.equal(await s.compactedRevision(), kv.modRevision - 5)
      assert.deepEqual(await s.get('/r/a', { revision: kv.modRevision - 5 }).then((x) => x?.value), '14')
    } finally {
      await s.close()
    }
  })

  void test('a watch replays a long history in pages, in order, then goes live', async () => {
    const s = openSqliteStorage(':memory:', { compactIntervalMs: 0 })
    try {
      for (let i = 0; i < 2600; i++) await s.create(`/h/${String(i).padStart(5, '0')}`, String(i))
      const rec = new WatchRecorder()
      const w = s.watch('/h/', 0, rec)
      const live = await s.create('/h/live', 'x') // written while the replay is pending
      await rec.waitForEvents(2601)
      await settle()
      assert.equal(rec.events.length, 2601)
      assert.ok(rec.batches.length > 2, 'replayed in more than one page')
      const revs = rec.events.map((e) => e.kv.modRevision)
      assert.deepEqual(
        revs,
        Array.from({ length: 2601 }, (_, i) => i + 1),
      )
      assert.equal(rec.events[2600].kv.key, live.key)
      w.cancel()
    } finally {
      await s.close()
    }
  })

  void test('a watcher whose handler throws is cancelled; writes and other watchers go on', async () => {
    const s = openSqliteStorage(':memory:', { compactIntervalMs: 0 })
    try {
      let calls = 0
      s.watch('/t/', 0, {
        onEvents: () => {
          calls++
          throw new Error('boom')
        },
        onError: () => {},
      })
      const rec = new WatchRecorder()
      s.watch('/t/', 0, rec)
      await settle()
      await s.create('/t/a', '1')
      await s.create('/t/b', '2')
      await rec.waitForEvents(2)
      assert.equal(calls, 1)
    } finally {
      await s.close()
    }
  })

  void test('a handler that writes does not reorder events for other watchers', async () => {
    const s = openSqliteStorage(':memory:', { compactIntervalMs: 0 })
    try {
      const writer = {
        onEvents: (evs: WatchEvent[]) => {
          for (const ev of evs) if (ev.kv.key === '/o/trigger') void s.create('/o/echo', 'e')
        },
        onError: () => {},
      }
      s.watch('/o/', 0, writer)
      const rec = new WatchRecorder()
      s.watch('/o/', 0, rec)
      await settle()
      await s.create('/o/trigger', 't')
      await rec.waitForEvents(2)
      assert.deepEqual(
        rec.events.map((e) => [e.kv.key, e.kv.modRevision]),
        [
          ['/o/trigger', 1],
          ['/o/echo', 2],
        ],
      )
    } finally {
      await s.close()
    }
  })

  void test('writes outside the prefix reach a watcher as progress notices', async () => {
    const s = openSqliteStorage(':memory:', { compactIntervalMs: 0 })
    try {
      await s.create('/in/a', '1')
      await s.create('/out/a', '1') // after the last event under /in/: the replay ends with progress
      const progress: number[] = []
      const rec = new WatchRecorder()
      s.watch('/in/', 0, {
        onEvents: (evs) => rec.onEvents(evs),
        onError: (err) => rec.onError(err),
        onProgress: (rev) => progress.push(rev),
      })
      await rec.waitForEvents(1)
      await s.create('/out/b', '1')
      await s.create('/in/b', '1')
      await rec.waitForEvents(2)
      assert.deepEqual(progress, [2, 3])
      assert.deepEqual(
        rec.events.map((e) => e.kv.modRevision),
        [1, 4],
      )
    } finally {
      await s.close()
    }
  })

  void test('after close, calls fail with Unreachable and watchers hear nothing more', async () => {
    const s = openSqliteStorage(':memory:', { compactIntervalMs: 0 })
    const rec = new WatchRecorder()
    s.watch('/x/', 0, rec)
    await s.close()
    await s.close() // idempotent
    await assert.rejects(s.get('/x/a'), (e) => isStorageError(e, 'Unreachable'))
    await assert.rejects(s.create('/x/a', '1'), (e) => isStorageError(e, 'Unreachable'))
    assert.throws(
      () => s.watch('/x/', 0, rec),
      (e) => isStorageError(e, 'Unreachable'),
    )
    await settle()
    assert.deepEqual(rec.events, [])
    assert.deepEqual(rec.errors, [])
  })
})
