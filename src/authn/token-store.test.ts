import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { openSqliteStorage } from '../storage/sqlite/sqlite-storage.js'
import { tokenHash, TokenStore, TOKEN_STORE_PREFIX } from './token-store.js'

const settle = () => new Promise((r) => setTimeout(r, 30))

async function withStores(fn: (a: TokenStore, b: TokenStore, clock: { now: number }) => Promise<void>): Promise<void> {
  const storage = openSqliteStorage(':memory:', { compactIntervalMs: 0 })
  const clock = { now: 1_000_000_000_000 }
  const a = new TokenStore(storage, { now: () => clock.now, sweepIntervalMs: 0 })
  const b = new TokenStore(storage, { now: () => clock.now, sweepIntervalMs: 0 })
  await a.start()
  await b.start()
  try {
    await fn(a, b, clock)
  } finally {
    a.stop()
    b.stop()
    await storage.close()
  }
}

const exp = (clock: { now: number }, s: number) => Math.floor(clock.now / 1000) + s

describe('TokenStore', () => {
  test('an added token is valid, also in a second store on the same storage', () =>
    withStores(async (a, b, clock) => {
      const h = tokenHash('t1')
      await a.add(h, { username: 'alice', type: 'access_token', exp: exp(clock, 60) })
      assert.equal(a.has(h), true)
      await settle()
      assert.equal(b.has(h), true)
    }))

  test('revoke removes the token everywhere and an old event does not bring it back', () =>
    withStores(async (a, b, clock) => {
      const h = tokenHash('t2')
      await a.add(h, { username: 'alice', type: 'access_token', exp: exp(clock, 60) })
      await a.revoke(h, 'alice', 'access_token')
      assert.equal(a.has(h), false)
      await settle()
      assert.equal(a.has(h), false)
      assert.equal(b.has(h), false)
    }))

  test('entries expire with their token and the sweeper deletes them', () =>
    withStores(async (a, _b, clock) => {
      const h = tokenHash('t3')
      await a.add(h, { username: 'alice', type: 'access_token', exp: exp(clock, 60) })
      clock.now += 60_000
      assert.equal(a.has(h), false)
      assert.equal(await a.sweep(), 1)
    }))

  test('revokeAll drops every token of one user only', () =>
    withStores(async (a, b, clock) => {
      for (const t of ['x1', 'x2']) await a.add(tokenHash(t), { username: 'bob', type: 'access_token', exp: exp(clock, 60) })
      await a.add(tokenHash('y1'), { username: 'carol', type: 'refresh_token', exp: exp(clock, 60) })
      assert.equal(await a.revokeAll('bob'), 2)
      assert.equal(a.countFor('bob'), 0)
      assert.equal(a.has(tokenHash('y1')), true)
      await settle()
      assert.equal(b.countFor('bob'), 0)
    }))

  test('revoking a static token writes a marker', () =>
    withStores(async (a, b) => {
      const h = tokenHash('static')
      assert.equal(a.isRevoked(h), false)
      await a.revoke(h, 'admin', 'static_token')
      assert.equal(a.isRevoked(h), true)
      assert.equal(a.has(h), false)
      await settle()
      assert.equal(b.isRevoked(h), true)
    }))

  test('only hashes are stored', () =>
    withStores(async (a, _b, clock) => {
      await a.add(tokenHash('secret-token'), { username: 'alice', type: 'access_token', exp: exp(clock, 60) })
      const storage = (a as any).storage
      const listed = await storage.list(TOKEN_STORE_PREFIX)
      assert.equal(listed.items.length, 1)
      assert.ok(!JSON.stringify(listed.items).includes('secret-token'))
    }))

  test('a restarted store loads what was stored', async () => {
    const storage = openSqliteStorage(':memory:', { compactIntervalMs: 0 })
    const a = new TokenStore(storage, { sweepIntervalMs: 0 })
    await a.start()
    await a.add(tokenHash('keep'), { username: 'alice', type: 'refresh_token', exp: Math.floor(Date.now() / 1000) + 60 })
    a.stop()
    const again = new TokenStore(storage, { sweepIntervalMs: 0 })
    await again.start()
    assert.equal(again.has(tokenHash('keep')), true)
    again.stop()
    await storage.close()
  })
})
