/**
 * Flags and their environment equivalents (DESIGN.md start-up contract).
 */
import { Command, Option } from 'commander'
import { parseGoDuration } from '../authn/go-duration.js'
import type { AuthOptions } from '../authn/options.js'

export interface CliConfig {
  dataDir: string
  bindAddress: string
  port: number
  adminPassword?: string
  storage: 'sqlite' | 'etcd'
  etcdEndpoints: string[]
  tlsCertFile?: string
  tlsPrivateKeyFile?: string
  /** Authentication settings given on the command line; the rest keep their defaults. */
  auth: Partial<AuthOptions>
}

/** Go's strconv.ParseBool. */
function parseBoolFlag(name: string, v: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false
  throw new Error(`${name}: invalid boolean ${JSON.stringify(v)}`)
}

function parseDurationFlag(name: string, v: string): number {
  try {
    return parseGoDuration(v)
  } catch (e) {
    throw new Error(`${name}: ${(e as Error).message}`, { cause: e })
  }
}

function parseIntFlag(name: string, v: string): number {
  const n = Number(v)
  if (!Number.isInteger(n)) throw new Error(`${name}: invalid integer ${JSON.stringify(v)}`)
  return n
}

/** KubeSphere's authentication flags (auth.md §2.2) and their environment variables. */
const AUTH_FLAGS = [
  ['--issuer <url>', 'KS_ISSUER', 'the iss claim and OIDC issuer (default kubesphere)'],
  ['--access-token-max-age <duration>', 'KS_ACCESS_TOKEN_MAX_AGE', 'access token lifetime; 0s = never expires (default 2h)'],
  ['--access-token-inactivity-timeout <duration>', 'KS_ACCESS_TOKEN_INACTIVITY_TIMEOUT', 'added to the max age for refresh tokens (default 2h)'],
  ['--maximum-clock-skew <duration>', 'KS_MAXIMUM_CLOCK_SKEW', 'tolerance on token iat (default 10s)'],
  ['--multiple-login <bool>', 'KS_MULTIPLE_LOGIN', 'false: a new login revokes the user\'s earlier tokens (default true)'],
  ['--authenticate-rate-limiter-max-retries <n>', 'KS_AUTHENTICATE_RATE_LIMITER_MAX_RETRIES', 'failed logins that lock an account (default 10)'],
  ['--authenticate-rate-limiter-duration <duration>', 'KS_AUTHENTICATE_RATE_LIMITER_DURATION', 'failure window and lock-out length (default 10m)'],
  ['--login-history-retention-period <duration>', 'KS_LOGIN_HISTORY_RETENTION_PERIOD', 'how long login records are kept (default 168h)'],
  ['--login-history-maximum-entries <n>', 'KS_LOGIN_HISTORY_MAXIMUM_ENTRIES', 'login records kept per user (default 100)'],
] as const

function authFromOpts(o: Record<string, any>): Partial<AuthOptions> {
  const a: Partial<AuthOptions> = {}
  if (o['issuer'] !== undefined) a.issuer = String(o['issuer'])
  if (o['accessTokenMaxAge'] !== undefined) a.accessTokenMaxAgeMs = parseDurationFlag('--access-token-max-age', o['accessTokenMaxAge'])
  if (o['accessTokenInactivityTimeout'] !== undefined) {
    a.accessTokenInactivityTimeoutMs = parseDurationFlag('--access-token-inactivity-timeout', o['accessTokenInactivityTimeout'])
  }
  if (o['maximumClockSkew'] !== undefined) a.maximumClockSkewMs = parseDurationFlag('--maximum-clock-skew', o['maximumClockSkew'])
  if (o['multipleLogin'] !== undefined) a.multipleLogin = parseBoolFlag('--multiple-login', o['multipleLogin'])
  if (o['authenticateRateLimiterMaxRetries'] !== undefined) {
    a.authenticateRateLimiterMaxTries = parseIntFlag('--authenticate-rate-limiter-max-retries', o['authenticateRateLimiterMaxRetries'])
  }
  if (o['authenticateRateLimiterDuration'] !== undefined) {
    a.authenticateRateLimiterDurationMs = parseDurationFlag('--authenticate-rate-limiter-duration', o['authenticateRateLimiterDuration'])
  }
  if (o['loginHistoryRetentionPeriod'] !== undefined) {
    a.loginHistoryRetentionPeriodMs = parseDurationFlag('--login-history-retention-period', o['loginHistoryRetentionPeriod'])
  }
  if (o['loginHistoryMaximumEntries'] !== undefined) {
    a.loginHistoryMaximumEntries = parseIntFlag('--login-history-maximum-entries', o['loginHistoryMaximumEntries'])
  }
  return a
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
  for (const [flags, env, description] of AUTH_FLAGS) program.addOption(new Option(flags, description).env(env))
  program
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
    auth: authFromOpts(o),
  }
}
