/**
 * Runs the real kubectl against a test server, with its own cache dir so discovery caches of
 * one test never leak into another.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestServer } from './server.js'

export const KUBECTL = process.env['KUBECTL'] ?? '/usr/bin/kubectl'

export interface KubectlResult {
  code: number
  stdout: string
  stderr: string
}

export function kubectlFor(server: TestServer, extraEnv: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'kubectl-home-'))
  return (args: string[], input?: string): Promise<KubectlResult> =>
    new Promise((resolve) => {
      const child = execFile(
        KUBECTL,
        args,
        {
          env: { PATH: process.env['PATH'] ?? '', HOME: home, KUBECONFIG: server.kubeconfig, ...extraEnv },
          timeout: 60_000,
          maxBuffer: 32 * 1024 * 1024,
        },
        (err, stdout, stderr) => {
          const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : 1) : 0
          resolve({ code, stdout: String(stdout), stderr: String(stderr) })
        },
      )
      if (input !== undefined) child.stdin!.end(input)
      else child.stdin!.end()
    })
}

/** Runs kubectl and fails the test with its output when it does not succeed. */
export function mustKubectl(run: ReturnType<typeof kubectlFor>) {
  return async (args: string[], input?: string): Promise<string> => {
    const r = await run(args, input)
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`)
    return r.stdout
  }
}
