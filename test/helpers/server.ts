/**
 * Starts the real ks-apiserver as a child process on a free port with a temporary data dir,
 * and gives tests its URL, admin kubeconfig and token.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'

export const REPO = resolve(import.meta.dirname, '../..')

export interface TestServer {
  /** Plain HTTP on the server's port. */
  url: string
  /** TLS on the same port (what the admin kubeconfig points at). */
  secureUrl: string
  dataDir: string
  kubeconfig: string
  token: string
  caData?: string
  process: ChildProcess
  output(): string
  /** SIGTERM and wait (or SIGKILL when `kill`). Keeps the data dir. */
  stop(signal?: NodeJS.Signals): Promise<void>
  /** stop() and remove the data dir. */
  dispose(): Promise<void>
}

export interface StartOptions {
  dataDir?: string
  args?: string[]
  env?: Record<string, string>
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ks-apiserver-test-'))
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO, 'src/main.ts'), '--data-dir', dataDir, '--port', '0', ...(opts.args ?? [])],
    { cwd: REPO, env: { ...process.env, KS_LOG_LEVEL: 'warn', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const [url, secureUrl] = await new Promise<[string, string]>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), 60_000)
    const onData = () => {
      const m = /serving on (\S+) and (\S+)/.exec(out)
      if (m && out.includes('admin kubeconfig:')) {
        clearTimeout(timer)
        resolvePromise([m[1], m[2]])
      }
    }
    child.stdout.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${out}`))
    })
  })
  const kubeconfig = join(dataDir, 'admin.kubeconfig')
  const cfg = parse(readFileSync(kubeconfig, 'utf8'))
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal)
      await exited
    }
  }
  return {
    url,
    secureUrl,
    dataDir,
    kubeconfig,
    token: cfg.users[0].user.token,
    caData: cfg.clusters[0].cluster['certificate-authority-data'],
    process: child,
    output: () => out,
    stop,
    async dispose() {
      await stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** fetch against the server with the admin token. */
export async function api(server: TestServer, path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  if (init.token !== null) headers.set('Authorization', `Bearer ${init.token ?? server.token}`)
  return fetch(server.url + path, { ...init, headers })
}
