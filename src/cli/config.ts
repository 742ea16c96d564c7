/**
 * Flags and their environment equivalents (DESIGN.md start-up contract).
 */
import { Command, Option } from 'commander'

export interface CliConfig {
  dataDir: string
  bindAddress: string
  port: number
  adminPassword?: string
  storage: 'sqlite' | 'etcd'
  etcdEndpoints: string[]
  tlsCertFile?: string
  tlsPrivateKeyFile?: string
}

export function parseFlags(argv: string[], env: NodeJS.ProcessEnv = process.env): CliConfig {
  const program = new Command('ks-apiserver')
    .description('A KubeSphere API server that is also a Kubernetes-compatible API server')
    .addOption(new Option('--data-dir <dir>', 'where state, keys and the admin kubeconfig live').env('KS_DATA_DIR').default('./.ks-apiserver'))
    .addOption(new Option('--bind-address <addr>', 'address to listen on').env('KS_BIND_ADDRESS').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'port to listen on (0 picks a free one)').env('KS_PORT').default('9090'))
    .addOption(new Option('--admin-password <password>', 'password of the bootstrap admin user').env('KS_ADMIN_PASSWORD'))
    .addOption(new Option('--storage <kind>', 'storage backend').choices(['sqlite', 'etcd']).env('KS_STORAGE').default('sqlite'))
    .addOption(new Option('--etcd-endpoints <urls>', 'comma-separated etcd endpoints').env('KS_ETCD_ENDPOINTS').default('http://127.0.0.1:2379'))
    .addOption(new Option('--tls-cert-file <file>', 'serving certificate (PEM)').env('KS_TLS_CERT_FILE'))
    .addOption(new Option('--tls-private-key-file <file>', 'serving key (PEM)').env('KS_TLS_PRIVATE_KEY_FILE'))
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  program.parse(argv, { from: 'user' })
  const o = program.opts()
  void env
  const port = Number(o['port'])
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: invalid port ${o['port']}`)
  if (Boolean(o['tlsCertFile']) !== Boolean(o['tlsPrivateKeyFile'])) {
    throw new Error('--tls-cert-file and --tls-private-key-file must be given together')
  }
  return {
    dataDir: o['dataDir'],
    bindAddress: o['bindAddress'],
    port,
    adminPassword: o['adminPassword'],
    storage: o['storage'],
    etcdEndpoints: String(o['etcdEndpoints']).split(',').map((s) => s.trim()).filter(Boolean),
    tlsCertFile: o['tlsCertFile'],
    tlsPrivateKeyFile: o['tlsPrivateKeyFile'],
  }
}
