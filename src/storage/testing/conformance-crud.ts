/**
 * Conformance cases for single-key operations: create, get, update (compare-and-swap), delete,
 * revisions, and concurrent writers.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isStorageError, type Storage, type StorageErrorCode } from '../interface.js'
import type { WithStorage } from './conformance.js'

/** An assert.rejects predicate for a StorageError with this code. */
export function storageError(code: StorageErrorCode) {
  return (err: unknown): boolean => {
    assert.ok(isStorageError(err), `expected a StorageError, got ${String(err)}`)
    assert.equal(err.code, code, err.message)
    return true
  }
}

export function registerCrudCases(withStorage: WithStorage): void {
  void test('create then get returns the value; createRevision = modRevision', () =>
    withStorage(async (s) => {
      const before = await s.currentRevision()
      const kv = await s.create('/r/a', '{"v":1}')
      assert.equal(kv.key, '/r/a')
      assert.equal(kv.value, '{"v":1}')
      assert.ok(kv.modRevision > before)
      assert.equal(kv.createRevision, kv.modRevision)
      assert.deepEqual(await s.get('/r/a'), kv)
      assert.equal(await s.currentRevision(), kv.modRevision)
    }))

  void test('create of an existing key fails with KeyExists and writes nothing', () =>
    withStorage(async (s) => {
      const kv = await s.create('/r/a', 'one')
      await assert.rejects(s.create('/r/a', 'two'), storageError('KeyExists'))
      assert.deepEqual(await s.get('/r/a'), kv)
      assert.equal(await s.currentRevision(), kv.modRevision)
    }))

  void test('get of a missing key is null', () =>
    withStorage(async (s) => {
      await s.create('/r/ab', 'x')
      assert.equal(await s.get('/r/a'), null)
      assert.equal(await s.get('/r/abc'), null)
    }))

  void test('update at the current revision replaces the value and keeps createRevision', () =>
    withStorage(async (s) => {
      const created = await s.create('/r/a', 'one')
      const updated = await s.update('/r/a', 'two', created.modRevision)
      assert.equal(updated.value, 'two')
      assert.equal(updated.createRevision, created.createRevision)
      assert.ok(updated.modRevision > created.modRevision)
      assert.deepEqual(await s.get('/r/a'), updated)
    }))

  void test('update at a stale revision fails with Conflict carrying the current state', () =>
    withStorage(async (s) => {
      const created = await s.create('/r/a', 'one')
      const updated = await s.update('/r/a', 'two', created.modRevision)
      await assert.rejects(s.update('/r/a', 'three', created.modRevision), (err) => {
        assert.ok(isStorageError(err, 'Conflict'))
        assert.deepEqual(err.current, updated)
        return true
      })
      assert.deepEqual(await s.get('/r/a'), updated)
    }))

  const missingCases: { name: string; run: (s: Storage) => Promise<unknown> }[] = [
    { name: 'update of a never-created key', run: (s) => s.update('/r/missing', 'x', 1) },
    { name: 'delete of a never-created key', run: (s) => s.delete('/r/missing') },
    { name: 'delete with a revision of a never-created key', run: (s) => s.delete('/r/missing', 1) },
    {
      name: 'update of a deleted key',
      run: async (s) => {
        const kv = await s.create('/r/gone', 'x')
        await s.delete('/r/gone')
        return s.update('/r/gone', 'y', kv.modRevision)
      },
    },
    {
      name: 'delete of a deleted key',
      run: async (s) => {
        await s.create('/r/gone', 'x')
        await s.delete('/r/gone')
        return s.delete('/r/gone')
      },
    },
  ]
  for (const c of missingCases) {
    void test(`KeyNotFound: ${c.name}`, () =>
      withStorage(async (s) => {
        await assert.rejects(c.run(s), storageError('KeyNotFound'))
      }))
  }

  void test('delete without a revision returns the last value at the deletion revision', () =>
    withStorage(async (s) => {
      const created = await s.create('/r/a', 'one')
      const updated = await s.update('/r/a', 'two', created.modRevision)
      const deleted = await s.delete('/r/a')
      assert.equal(deleted.key, '/r/a')
      assert.equal(deleted.value, 'two')
      assert.equal(deleted.createRevision, created.createRevision)
      assert.ok(deleted.modRevision > updated.modRevision)
      assert.equal(await s.currentRevision(), deleted.modRevision)
      assert.equal(await s.get('/r/a'), null)
    }))

  void test('delete with a revision: the current one deletes, a stale one fails with Conflict', () =>
    withStorage(async (s) => {
      const created = await s.create('/r/a', 'one')
      const updated = await s.update('/r/a', 'two', created.modRevision)
      await assert.rejects(s.delete('/r/a', created.modRevision), (err) => {
        assert.ok(isStorageError(err, 'Conflict'))
        assert.deepEqual(err.current, updated)
        return true
      })
      assert.deepEqual(await s.get('/r/a'), updated)
      const deleted = await s.delete('/r/a', updated.modRevision)
      assert.equal(deleted.value, 'two')
      assert.equal(await s.get('/r/a'), null)
    }))

  void test('a deleted key can be created again, with a new createRevision', () =>
    withStorage(async (s) => {
      const first = await s.create('/r/a', 'one')
      const deleted = await s.delete('/r/a')
      const again = await s.create('/r/a', 'again')
      assert.ok(again.modRevision > deleted.modRevision)
      assert.equal(again.createRevision, again.modRevision)
      assert.notEqual(again.createRevision, first.createRevision)
      assert.deepEqual(await s.get('/r/a'), again)
    }))

  void test('revisions strictly increase with every write and currentRevision follows', () =>
    withStorage(async (s) => {
      let last = await s.currentRevision()
      const writes: (() => Promise<{ modRevision: number }>)[] = [
        () => s.create('/r/a', '1'),
        () => s.create('/r/b', '1'),
        () => s.get('/r/a').then((kv) => s.update('/r/a', '2', kv!.modRevision)),
        () => s.delete('/r/b'),
        () => s.create('/r/b', '2'),
        () => s.get('/r/a').then((kv) => s.delete('/r/a', kv!.modRevision)),
      ]
      for (const write of writes) {
        const { modRevision } = await write()
        assert.ok(modRevision > last, `revision ${modRevision} after ${last}`)
        assert.equal(await s.currentRevision(), modRevision)
        last = modRevision
      }
    }))

  void test('failed writes do not advance the revision', () =>
    withStorage(async (s) => {
      const kv = await s.create('/r/a', '1')
      await assert.rejects(s.create('/r/a', '2'), storageError('KeyExists'))
      await assert.rejects(s.update('/r/a', '2', kv.modRevision + 100), storageError('Conflict'))
      await assert.rejects(s.delete('/r/zz'), storageError('KeyNotFound'))
      assert.equal(await s.currentRevision(), kv.modRevision)
    }))

  void test('concurrent updates from the same revision: exactly one wins, the rest get Conflict', () =>
    withStorage(async (s) => {
      const kv = await s.create('/r/a', 'start')
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => s.update('/r/a', `writer-${i}`, kv.modRevision)),
      )
      const won = results.filter((r) => r.status === 'fulfilled')
      const lost = results.filter((r) => r.status === 'rejected')
      assert.equal(won.length, 1)
      for (const r of lost) assert.ok(isStorageError(r.reason, 'Conflict'), String(r.reason))
      assert.deepEqual(await s.get('/r/a'), won[0].value)
    }))

  void test('concurrent creates of one key: exactly one wins, the rest get KeyExists', () =>
    withStorage(async (s) => {
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => s.create('/r/a', `c-${i}`)),
      )
      const won = results.filter((r) => r.status === 'fulfilled')
      assert.equal(won.length, 1)
      for (const r of results) if (r.status === 'rejected') assert.ok(isStorageError(r.reason, 'KeyExists'))
      assert.deepEqual(await s.get('/r/a'), won[0].value)
    }))
}
