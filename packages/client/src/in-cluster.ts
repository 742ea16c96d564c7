/**
 * In-cluster configuration from the KubeSphere ServiceAccount files a pod gets when it carries
 * the annotation `kubesphere.io/serviceaccount-name` (serviceaccount.md §6.1):
 *  - the token file must be readable, otherwise this fails with the file error;
 *  - only the existence of the CA file is checked; with it the server is
 *    `https://ks-apiserver.kubesphere-system:443`, verified against that CA, without it
 *    `http://ks-apiserver.kubesphere-system:80`;
 *  - no environment variables are consulted.
 * The token file path is kept so the token is re-read as it changes. Overrides exist for running
 * the same program outside a cluster (e.g. against a local ks-apiserver); the defaults are
 * upstream's.
 */
import { existsSync, readFileSync } from 'node:fs'
import type { RestConfig } from './config.js'

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubesphere.io/serviceaccount'
export const TOKEN_FILE = `${SERVICE_ACCOUNT_DIR}/token`
export const CA_FILE = `${SERVICE_ACCOUNT_DIR}/ca.crt`
export const DEFAULT_HOST = 'http://ks-apiserver.kubesphere-system:80'
export const DEFAULT_TLS_HOST = 'https://ks-apiserver.kubesphere-system:443'

export interface InClusterOverrides {
  /** Token file instead of TOKEN_FILE. */
  tokenFile?: string
  /** CA file instead of CA_FILE. */
  caFile?: string
  /** Server instead of the default chosen by the CA file's existence. */
  host?: string
}

const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
}

/** The file error as a Go program prints it: `open <path>: no such file or directory`. */
function fileError(path: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException)?.code ?? ''
  const text = GO_ERRNO_TEXT[code] ?? (err instanceof Error ? err.message : String(err))
  return new Error(`open ${path}: ${text}`, { cause: err })
}

export function inClusterConfig(overrides: InClusterOverrides = {}): RestConfig {
  const tokenFile = overrides.tokenFile ?? TOKEN_FILE
  const caFile = overrides.caFile ?? CA_FILE
  let token: string
  try {
    token = readFileSync(tokenFile, 'utf8')
  } catch (err) {
    throw fileError(tokenFile, err)
  }
  const tls = existsSync(caFile)
  const config: RestConfig = {
    host: overrides.host ?? (tls ? DEFAULT_TLS_HOST : DEFAULT_HOST),
    bearerToken: token.trim(),
    bearerTokenFile: tokenFile,
  }
  if (tls) config.caFile = caFile
  return config
}
