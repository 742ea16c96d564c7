/**
 * setKubeSphereDefaults (serviceaccount.md §6.2): its only effect is a default User-Agent,
 * `<program>/<version without pre-release> (<os>/<arch>) kubesphere/<commit[:7]>`, with
 * `unknown` for any part that is missing. It sets no API path, group version or content type
 * and never fails.
 */
import { basename, extname } from 'node:path'
import type { RestConfig } from './config.js'
import { CLIENT_COMMIT, CLIENT_VERSION } from './version.js'

/** Go's GOOS and GOARCH names for Node's platform and arch. */
const GOOS: Record<string, string> = { win32: 'windows', sunos: 'solaris' }
const GOARCH: Record<string, string> = {
  x64: 'amd64',
  ia32: '386',
  arm: 'arm',
  arm64: 'arm64',
  ppc64: 'ppc64le',
  s390x: 's390x',
}

export interface UserAgentParts {
  program?: string
  version?: string
  platform?: string
  arch?: string
  commit?: string
}

/** The user agent from its parts; each part defaults to this process and this build. */
export function defaultUserAgent(parts: UserAgentParts = {}): string {
  const script = parts.program ?? process.argv[1] ?? ''
  const program = script ? basename(script, extname(script)) : ''
  const version = (parts.version ?? CLIENT_VERSION).split('-')[0]
  const platform = parts.platform ?? process.platform
  const arch = parts.arch ?? process.arch
  const commit = (parts.commit ?? CLIENT_COMMIT).slice(0, 7)
  const or = (s: string | undefined) => s || 'unknown'
  return `${or(program)}/${or(version)} (${or(GOOS[platform] ?? platform)}/${or(GOARCH[arch] ?? arch)}) kubesphere/${or(commit)}`
}

/** Fills in the default User-Agent when none is set; returns the same config. */
export function setKubeSphereDefaults(config: RestConfig): RestConfig {
  if (!config.userAgent) config.userAgent = defaultUserAgent()
  return config
}
