/**
 * /healthz, /livez, /readyz (kube-api.md §15) and /version.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { writeObject, writePlain } from './response-writers.js'

export interface HealthCheck {
  name: string
  /** Throws or resolves false when unhealthy. */
  check(): Promise<boolean> | boolean
  /** Only for /readyz. */
  readinessOnly?: boolean
}

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-01T00:00:00Z',
  goVersion: `node${process.versions.node}`,
  compiler: 'tsc',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
}

const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz'])

export function isHealthPath(path: string): boolean {
  const base = '/' + (path.split('/')[1] ?? '')
  return HEALTH_PATHS.has(base) || path === '/version'
}

export async function serveHealth(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  checks: HealthCheck[],
): Promise<void> {
  if (path === '/version') return writeObject(res, 200, VERSION_INFO, undefined, { pretty: true })
  const [, endpoint = '', single] = path.split('/')
  const applicable = checks.filter((c) => endpoint === 'readyz' || !c.readinessOnly)
  if (single) {
    const c = applicable.find((x) => x.name === single)
    if (!c) return writePlain(res, 404, '404 page not found\n')
    const ok = await run(c)
    return ok ? writePlain(res, 200, 'ok') : writePlain(res, 500, `[-]${c.name} failed: reason withheld\n`)
  }
  const excluded = new Set(query.getAll('exclude'))
  const lines: string[] = []
  let healthy = true
  for (const c of applicable) {
    if (excluded.has(c.name)) {
      lines.push(`[+]${c.name} excluded: ok`)
      excluded.delete(c.name)
      continue
    }
    const ok = await run(c)
    if (!ok) healthy = false
    lines.push(ok ? `[+]${c.name} ok` : `[-]${c.name} failed: reason withheld`)
  }
  if (excluded.size) lines.push(`warn: some health checks cannot be excluded: no matches for ${[...excluded].map((e) => JSON.stringify(e)).join(',')}`)
  if (!healthy) return writePlain(res, 500, `${lines.join('\n')}\n${endpoint} check failed\n`)
  if (query.has('verbose')) return writePlain(res, 200, `${lines.join('\n')}\n${endpoint} check passed\n`)
  writePlain(res, 200, 'ok')
}

async function run(c: HealthCheck): Promise<boolean> {
  try {
    return await c.check()
  } catch {
    return false
  }
}
