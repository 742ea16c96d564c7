#!/usr/bin/env node
/**
 * ks-apiserver: flags → config → startApiServer(), then the admin kubeconfig.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CommanderError } from 'commander'
import { parseFlags, type CliConfig } from './cli/config.js'
import { writeKubeconfig } from './cli/kubeconfig.js'
import { startApiServer } from './server/apiserver.js'
import { logger } from './observability/logger.js'

async function main(): Promise<void> {
  let cfg: CliConfig
  try {
    cfg = parseFlags(process.argv.slice(2))
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode)
    process.stderr.write(`ks-apiserver: ${(err as Error).message}\n`)
    process.exit(2)
  }
  if (cfg.storage === 'etcd') {
    process.stderr.write('ks-apiserver: --storage etcd is not available in this build yet\n')
    process.exit(2)
  }
  const dataDir = resolve(cfg.dataDir)
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  // TLS is always served (kubectl sends credentials only over TLS); plain HTTP shares the port.
  let tls: { cert: string; key: string; caData?: string }
  if (cfg.tlsCertFile && cfg.tlsPrivateKeyFile) {
    tls = { cert: readFileSync(cfg.tlsCertFile, 'utf8'), key: readFileSync(cfg.tlsPrivateKeyFile, 'utf8') }
  } else {
    const { ensureSelfSignedCertificate } = await import('./cli/self-signed.js')
    tls = await ensureSelfSignedCertificate(dataDir, cfg.bindAddress)
  }
  const server = await startApiServer({
    dataDir,
    bindAddress: cfg.bindAddress,
    port: cfg.port,
    tls,
    adminPassword: cfg.adminPassword,
    auth: cfg.auth,
  })
  const host = cfg.bindAddress === '0.0.0.0' || cfg.bindAddress === '::' ? '127.0.0.1' : cfg.bindAddress
  const hostPort = `${host.includes(':') ? `[${host}]` : host}:${server.port}`
  const kubeconfig = join(dataDir, 'admin.kubeconfig')
  writeKubeconfig(kubeconfig, {
    server: `https://${hostPort}`,
    // A static token bound to the admin User's uid: it works until the user goes.
    token: await server.identity.userStaticToken('admin'),
    user: 'admin',
    caData: tls.caData,
  })
  if (server.generatedAdminPassword) {
    // Shown once, on the first start only; it is stored as a bcrypt hash.
    process.stdout.write(`generated password for user admin: ${server.generatedAdminPassword}\n`)
  }
  process.stdout.write(
    `ks-apiserver serving on http://${hostPort} and https://${hostPort}\nadmin kubeconfig: ${kubeconfig}\n  export KUBECONFIG=${kubeconfig}\n`,
  )

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((err) => {
  logger.error({ err }, 'ks-apiserver failed to start')
  process.stderr.write(`ks-apiserver: ${(err as Error).message}\n`)
  process.exit(1)
})
