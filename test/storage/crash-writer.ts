/**
 * Child process for crash.test.ts: opens the SQLite store at argv[2] and creates keys until it is
 * killed. After each create's promise resolved (the write is committed) it prints
 * `<key>\t<value>` on stdout; "ready" comes first. Writes go straight to fd 1, unbuffered, so
 * a printed line always means an acknowledged write.
 */
import { writeSync } from 'node:fs'
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js'

const file = process.argv[2]
if (!file) throw new Error('usage: crash-writer.ts <database file>')
const storage = openSqliteStorage(file, { compactIntervalMs: 0 })
writeSync(1, 'ready\n')
for (let i = 0; ; i++) {
  const key = `/registry/crash/items/k${String(i).padStart(8, '0')}`
  const value = JSON.stringify({ i, pad: 'x'.repeat(i % 300) })
  await storage.create(key, value)
  writeSync(1, `${key}\t${value}\n`)
}
