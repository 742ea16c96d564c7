/**
 * What a client needs to reach a KubeSphere API server: where it is, how to trust it and who to
 * be. Built by inClusterConfig(), loadKubeconfig() or by hand.
 */

export interface RestConfig {
  /** `scheme://host[:port][/prefix]`. */
  host: string
  /** Prefix of versioned paths, e.g. `/apis` or `/kapis`; AbsPath requests ignore it. */
  apiPath?: string
  /** `group/version` (or `version` for the core group) of versioned paths. */
  groupVersion?: string
  /** A bearer token; with bearerTokenFile it is the first value, later replaced by the file's. */
  bearerToken?: string
  /** A file holding the bearer token, re-read periodically (the mounted token may change). */
  bearerTokenFile?: string
  /** HTTP basic credentials (kubeconfigs); ignored when a token is set. */
  username?: string
  password?: string
  /** PEM file of the CA to verify the server against. */
  caFile?: string
  /** PEM CA bundle (takes precedence over caFile). */
  caData?: string | Buffer
  /** Client certificate and key (PEM) for TLS client authentication. */
  certData?: string | Buffer
  keyData?: string | Buffer
  /** Name to verify the server certificate against, when it differs from the host. */
  tlsServerName?: string
  /** Skip server certificate verification (testing only). */
  insecure?: boolean
  /** Sent as User-Agent; see setKubeSphereDefaults(). */
  userAgent?: string
  /** Client-side rate limit; 0 or unset means 5 requests/s, a negative value disables it. */
  qps?: number
  /** Burst of the rate limit; 0 or unset means 10. */
  burst?: number
  /** Per-request timeout in milliseconds; 0 or unset means none. */
  timeoutMs?: number
  /** Retries of responses that carry Retry-After (429 or 5xx); unset means 10. */
  maxRetries?: number
}
