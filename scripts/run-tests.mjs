#!/usr/bin/env node
// Runs every *.test.ts under src/, test/ and packages/ with node's test runner.
// node --test on Node 20 takes no globs and silently skips .ts files in a directory scan,
// so the file list is built here. Pass file names to run a subset: npm test -- test/e2e/x.test.ts
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function find(dir, out) {
  let entries
  try { entries = readdirSync(dir) } catch { return out }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist') continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) find(p, out)
    else if (name.endsWith('.test.ts')) out.push(p)
  }
  return out
}

const args = process.argv.slice(2)
const files = args.length ? args : ['src', 'test', 'packages'].flatMap((d) => find(d, [])).sort()
if (files.length === 0) {
  console.error('no test files found')
  process.exit(1)
}
// End-to-end files start servers and kubectl; on two cores they run one file at a time.
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=300000', ...files],
  { stdio: 'inherit' },
)
process.exit(r.status ?? 1)
