/**
 * Acting as other users against a test server: static tokens minted with the server's signing
 * key, and kubeconfigs that reuse the admin kubeconfig's cluster (https + CA) with another token.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import { loadOrCreateSigningKey } from '../../src/authn/signing-key.js'
import { TokenIssuer } from '../../src/authn/token-issuer.js'
import { kubectlFor, mustKubectl } from './kubectl.js'
import type { TestServer } from './server.js'

/** A static token for `username`, as if issued by the server. */
export function tokenFor(server: TestServer, username: string): Promise<string> {
  return new TokenIssuer(loadOrCreateSigningKey(server.dataDir)).issue(username, 'static_token')
}

/** A kubeconfig file for `username` (the admin kubeconfig with the user's token). */
export async function kubeconfigFor(server: TestServer, username: string, token?: string): Promise<string> {
  const cfg = parse(readFileSync(server.kubeconfig, 'utf8'))
  cfg.users = [{ name: username, user: { token: token ?? (await tokenFor(server, username)) } }]
  for (const ctx of cfg.contexts) ctx.context.user = username
  const file = join(mkdtempSync(join(tmpdir(), 'kubeconfig-')), 'config')
  writeFileSync(file, stringify(cfg), { mode: 0o600 })
  return file
}

/** kubectl run as `username`: `run` reports failures, `must` throws on them. */
export async function kubectlAs(server: TestServer, username: string, token?: string) {
  const run = kubectlFor(server, { KUBECONFIG: await kubeconfigFor(server, username, token) })
  return { run, must: mustKubectl(run) }
}
