/**
 * Re-records ../testdata/<fixture>.pb: runs each KUBECTL_CASES command with the real kubectl
 * 1.32 against the capture server and saves the body of the write it sent. The expected
 * <fixture>.json files are written by hand, from what the command asks kubectl to create.
 *
 *   npx tsx src/server/protobuf/testing/record-fixtures.ts
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startCaptureServer } from './capture-server.js'
import { KUBECTL_CASES, kubectlBinary, runKubectl } from './kubectl-cases.js'

const testdata = fileURLToPath(new URL('../testdata/', import.meta.url))
const server = await startCaptureServer()
try {
  for (const c of KUBECTL_CASES) {
    server.requests.length = 0
    const result = await runKubectl(kubectlBinary(32), server.url, c.args)
    const write = server.requests.find((r) => r.method === 'POST' && r.url.split('?')[0] === c.path)
    if (result.code !== 0 || !write)
      throw new Error(`${c.fixture}: kubectl exited ${result.code}: ${result.stderr}`)
    writeFileSync(`${testdata}${c.fixture}.pb`, write.body)
    console.log(`${c.fixture}.pb: ${write.body.length} bytes, ${write.contentType}`)
  }
} finally {
  await server.close()
}
