/**
 * A RestConfig from a kubeconfig file (the one ks-apiserver writes for admin, or any kubectl
 * one): the current context (or the one named), its cluster's server, CA (data or file, relative
 * to the kubeconfig), TLS server name and insecure flag, and its user's token, token file,
 * client certificate and key, or basic credentials. The file is found from the path given,
 * else the first entry of $KUBECONFIG, else ~/.kube/config.
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import type { RestConfig } from './config.js'
import { parse as parseYaml } from 'yaml'

export interface KubeconfigOptions {
  path?: string
  /** The context to use instead of current-context. */
  context?: string
  /** The file's text, instead of reading `path`. */
  text?: string
}

export function defaultKubeconfigPath(): string {
  const env = process.env['KUBECONFIG']
  const first = env?.split(delimiter).find(Boolean)
  return first ?? join(homedir(), '.kube', 'config')
}

const named = (list: unknown, name: string, what: string): any => {
  const entry = (Array.isArray(list) ? list : []).find((e) => e?.name === name)
  if (!entry) throw new Error(`kubeconfig: ${what} ${JSON.stringify(name)} not found`)
  return entry
}

export function loadKubeconfig(opts: KubeconfigOptions = {}): RestConfig {
  const path = resolve(opts.path ?? defaultKubeconfigPath())
  const doc: any = parseYaml(opts.text ?? readFileSync(path, 'utf8'))
  const contextName: string = opts.context ?? doc?.['current-context'] ?? ''
  if (!contextName) throw new Error('kubeconfig: no context is selected (current-context is empty)')
  const context = named(doc?.contexts, contextName, 'context').context ?? {}
  const cluster = named(doc?.clusters, context.cluster, 'cluster').cluster ?? {}
  const user = context.user ? (named(doc?.users, context.user, 'user').user ?? {}) : {}
  const dir = dirname(path)
  const file = (p: string) => resolve(dir, p)
  const b64 = (s: string) => Buffer.from(s, 'base64')

  if (!cluster.server) throw new Error(`kubeconfig: cluster ${JSON.stringify(context.cluster)} has no server`)
  const config: RestConfig = { host: cluster.server }
  if (cluster['certificate-authority-data']) config.caData = b64(cluster['certificate-authority-data'])
  else if (cluster['certificate-authority']) config.caFile = file(cluster['certificate-authority'])
  if (cluster['tls-server-name']) config.tlsServerName = cluster['tls-server-name']
  if (cluster['insecure-skip-tls-verify'] === true) config.insecure = true
  if (user.token) config.bearerToken = String(user.token)
  if (user.tokenFile) config.bearerTokenFile = file(user.tokenFile)
  if (user['client-certificate-data']) config.certData = b64(user['client-certificate-data'])
  else if (user['client-certificate']) config.certData = readFileSync(file(user['client-certificate']))
  if (user['client-key-data']) config.keyData = b64(user['client-key-data'])
  else if (user['client-key']) config.keyData = readFileSync(file(user['client-key']))
  if (user.username !== undefined) config.username = String(user.username)
  if (user.password !== undefined) config.password = String(user.password)
  return config
}
