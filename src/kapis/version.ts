/**
 * `GET /kapis/version` (kapis.md §12): KubeSphere's version document, with the Kubernetes version
 * this server speaks nested under `kubernetes`. `/version` itself stays the Kubernetes document,
 * because kubectl and client libraries read `major`/`minor` there.
 */
import { readFileSync } from 'node:fs'
import { VERSION_INFO } from '../server/health.js'
import { writeJson } from './http.js'
import { route, type Route } from './route.js'

export interface KubeSphereVersion {
  gitVersion: string
  gitMajor: string
  gitMinor: string
  gitCommit: string
  gitTreeState: string
  buildDate: string
  goVersion: string
  compiler: string
  platform: string
  kubernetes: typeof VERSION_INFO
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0'
  } catch {
    return '0.0.0'
  }
}

export function kubesphereVersion(): KubeSphereVersion {
  const version = packageVersion()
  const [major = '0', minor = '0'] = version.split('.')
  return {
    gitVersion: `v${version}`,
    gitMajor: major,
    gitMinor: minor,
    gitCommit: VERSION_INFO.gitCommit,
    gitTreeState: VERSION_INFO.gitTreeState,
    buildDate: VERSION_INFO.buildDate,
    goVersion: VERSION_INFO.goVersion,
    compiler: VERSION_INFO.compiler,
    platform: VERSION_INFO.platform,
    kubernetes: VERSION_INFO,
  }
}

export function versionRoutes(): Route[] {
  const body = kubesphereVersion()
  return [
    route('GET', '/kapis/version', (r) => writeJson(r.res, body), {
      summary: 'KubeSphere version, with the Kubernetes version under `kubernetes`',
      deprecated: true,
      returns: 'Version',
    }),
  ]
}
