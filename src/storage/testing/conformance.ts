/**
 * The storage conformance suite: one set of node:test cases that every Storage backend must pass
 * unchanged. A backend's test file calls
 *
 *   runStorageConformance('sqlite', async () => ({ storage, cleanup }))
 *
 * Each case gets a fresh, empty store from `makeStorage` and calls `cleanup` afterwards.
 * The cases assume nothing about absolute revision numbers (etcd starts at 1, SQLite at 0), only
 * their order, and wait for watch events with deadlines (etcd delivers them asynchronously).
 */
import { describe } from 'node:test'
import type { Storage } from '../interface.js'
import { registerCrudCases } from './conformance-crud.js'
import { registerListCases } from './conformance-list.js'
import { registerWatchCases } from './conformance-watch.js'
import { registerCompactionCases } from './conformance-compaction.js'

export interface StorageFixture {
  storage: Storage
  cleanup: () => Promise<void>
}

export type MakeStorage = () => Promise<StorageFixture>

/** Runs `fn` on a fresh store and always cleans up. */
export type WithStorage = (fn: (s: Storage) => Promise<void>) => Promise<void>

export function runStorageConformance(name: string, makeStorage: MakeStorage): void {
  const withStorage: WithStorage = async (fn) => {
    const { storage, cleanup } = await makeStorage()
    try {
      await fn(storage)
    } finally {
      await cleanup()
    }
  }
  void describe(`storage conformance: ${name}`, () => {
    void describe('create, get, update, delete', () => registerCrudCases(withStorage))
    void describe('list and count', () => registerListCases(withStorage))
    void describe('watch', () => registerWatchCases(withStorage))
    void describe('compaction', () => registerCompactionCases(withStorage))
  })
}
