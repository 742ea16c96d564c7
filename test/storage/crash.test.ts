/**
 * Durability: a write acknowledged to its caller survives the process being killed (SIGKILL) at
 * any moment. A child process writes and prints each acknowledged key; the parent kills it
 * mid-stream, reopens the file, and finds every printed key with its value.
 * (This covers a process crash; a power cut is covered by synchronous=FULL, which no test here
 * can exercise.)
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js'

const WRITER = fileURLToPath(new URL('./crash-writer.ts', import.meta.url))
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const RUN_AFTER_READY_MS = 1000

/** Runs the writer until SIGKILL and returns the complete lines it printed. */
async function runAndKill(file: string): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  let timer: NodeJS.Timeout | undefined
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk
    if (!timer && out.startsWith('ready\n'))
      timer = setTimeout(() => child.kill('SIGKILL'), RUN_AFTER_READY_MS)
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000)
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, sig) => resolve(sig)),
  )
  clearTimeout(guard)
  clearTimeout(timer)
  assert.equal(signal, 'SIGKILL', `the writer stopped on its own: ${err}`)
  const lines = out.split('\n')
  lines.pop() // the text after the last newline is an unfinished line
  assert.equal(lines.shift(), 'ready')
  return lines
}

void test('every write acknowledged before SIGKILL is on disk after reopening', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-crash-'))
  try {
    const file = path.join(dir, 'state.db')
    const acked = (await runAndKill(file)).map((line) => line.split('\t') as [string, string])
    assert.ok(acked.length >= 20, `only ${acked.length} writes were acknowledged in ${RUN_AFTER_READY_MS} ms`)

    const storage = openSqliteStorage(file, { compactIntervalMs: 0 })
    try {
      for (const [key, value] of acked) {
        const kv = await storage.get(key)
        assert.ok(kv, `acknowledged key ${key} is missing`)
        assert.equal(kv.value, value, key)
      }
      // At most the one write in flight at the kill may be committed without having been printed.
      const stored = await storage.count('/registry/crash/items/')
      assert.ok(
        stored - acked.length === 0 || stored - acked.length === 1,
        `${stored} stored, ${acked.length} acked`,
      )
      assert.ok((await storage.currentRevision()) >= acked.length)
      const next = await storage.create('/registry/crash/after', '{}')
      assert.equal(next.modRevision, stored + 1, 'the revision counter continues after the crash')
    } finally {
      await storage.close()
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
