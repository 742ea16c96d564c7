/**
 * Writes a kubeconfig for a bearer token (mode 0600: it holds a credential).
 */
import { writeFileSync, renameSync } from 'node:fs'
import { stringify } from 'yaml'

export interface KubeconfigOptions {
  server: string
  token: string
  user: string
  caData?: string
  clusterName?: string
}

export function kubeconfigFor(o: KubeconfigOptions): string {
  const cluster = o.clusterName ?? 'ks-apiserver'
  const context = `${o.user}@${cluster}`
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: o.server, ...(o.caData ? { 'certificate-authority-data': o.caData } : {}) } }],
    users: [{ name: o.user, user: { token: o.token } }],
    contexts: [{ name: context, context: { cluster, user: o.user } }],
    'current-context': context,
    preferences: {},
  })
}

export function writeKubeconfig(path: string, o: KubeconfigOptions): void {
  const tmp = `${path}.tmp`
  writeFileSync(tmp, kubeconfigFor(o), { mode: 0o600 })
  renameSync(tmp, path)
}
