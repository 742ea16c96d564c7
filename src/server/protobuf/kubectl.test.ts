import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { decodeProtobufObject } from './decode.js'
import { startCaptureServer, type CaptureServer, type CapturedRequest } from './testing/capture-server.js'
import {
  hasKubectl,
  KUBECTL_CASES,
  kubectlBinary,
  runKubectl,
  type KubectlCase,
} from './testing/kubectl-cases.js'

// Live: the real kubectl binaries against the capture server. kubectl 1.32 must send protobuf
// that decodes to the expected JSON; kubectl 1.31 sends JSON for the same commands, an
// independent check that the hand-written expectations are what kubectl means.

const expected = (c: KubectlCase) =>
  JSON.parse(readFileSync(new URL(`./testdata/${c.fixture}.json`, import.meta.url), 'utf8'))

/** Drops null members: Go prints unset pointers as null where the decoder leaves them out. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls)
  if (v === null || typeof v !== 'object') return v
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== null)
      .map(([k, x]) => [k, withoutNulls(x)]),
  )
}

let server: CaptureServer

/** Runs one case with kubectl 1.<minor> and returns the write it sent. */
async function capture(minor: number, c: KubectlCase): Promise<CapturedRequest> {
  server.requests.length = 0
  const result = await runKubectl(kubectlBinary(minor), server.url, c.args)
  assert.equal(result.code, 0, `kubectl 1.${minor} ${c.args.join(' ')} failed: ${result.stderr}`)
  assert.match(result.stdout, c.stdout)
  const writes = server.requests.filter((r) => r.method !== 'GET')
  assert.equal(
    writes.length,
    1,
    `expected one write, got ${writes.map((w) => `${w.method} ${w.url}`).join(', ')}`,
  )
  assert.equal(writes[0].url.split('?')[0], c.path)
  return writes[0]
}

void describe(
  'kubectl 1.32 protobuf bodies',
  { skip: !hasKubectl(32) && `${kubectlBinary(32)} not installed` },
  () => {
    before(async () => {
      server = await startCaptureServer()
    })
    after(() => server.close())

    for (const c of KUBECTL_CASES) {
      void test(`kubectl ${c.args.join(' ')}`, async () => {
        const write = await capture(32, c)
        assert.equal(write.contentType, 'application/vnd.kubernetes.protobuf')
        assert.deepEqual(decodeProtobufObject(write.body).object, expected(c))
      })
    }
  },
)

void describe(
  'kubectl 1.31 JSON bodies match the expectations',
  { skip: !hasKubectl(31) && `${kubectlBinary(31)} not installed` },
  () => {
    before(async () => {
      server = await startCaptureServer()
    })
    after(() => server.close())

    for (const c of KUBECTL_CASES) {
      void test(`kubectl ${c.args.join(' ')}`, async () => {
        const write = await capture(31, c)
        assert.equal(write.contentType, 'application/json')
        assert.deepEqual(withoutNulls(JSON.parse(write.body.toString('utf8'))), withoutNulls(expected(c)))
      })
    }
  },
)
