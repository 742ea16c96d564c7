/**
 * The token filler, `serviceaccount-secret` (serviceaccount.md §3.2): every Secret of type
 * `kubesphere.io/service-account-token` whose data has no `token` key and whose annotation
 * `kubesphere.io/service-account.name` names a ServiceAccount that exists in the Secret's
 * namespace gets a static token for `kubesphere:serviceaccount:<namespace>:<name>` in
 * `data.token`, once. A Secret whose ServiceAccount is missing stays empty until it changes.
 */
import { SYSTEM_USER } from '../../apimachinery/user.js'
import { isNotFound } from '../../apimachinery/errors.js'
import {
  SA_NAME_ANNOTATION,
  SA_SECRET_CONTROLLER,
  SA_TOKEN_KEY,
  SA_TOKEN_SECRET_TYPE,
  serviceAccountUsername,
} from '../../apis/kubesphere/serviceaccount.js'
import type { Store } from '../../registry/store.js'
import { Controller, keyOf, splitKey } from '../runtime.js'

/** Issues a never-expiring token for a username (the identity issuer's static_token). */
export type StaticTokenIssuer = (username: string) => Promise<string>

/** Whether the Secret is a token Secret still waiting for its token. */
export function needsToken(secret: any): boolean {
  if (secret?.type !== SA_TOKEN_SECRET_TYPE) return false
  if (secret.data && Object.prototype.hasOwnProperty.call(secret.data, SA_TOKEN_KEY)) return false
  return !!secret.metadata?.annotations?.[SA_NAME_ANNOTATION]
}

export class TokenSecretController {
  readonly controller: Controller

  constructor(
    private readonly secrets: Store,
    private readonly serviceAccounts: Store,
    private readonly issue: StaticTokenIssuer,
  ) {
    this.controller = new Controller(SA_SECRET_CONTROLLER, (key) => this.reconcile(key))
  }

  async start(): Promise<void> {
    await this.controller.watch(this.secrets, (type, s) =>
      type !== 'DELETED' && needsToken(s) ? [keyOf(s)] : [],
    )
  }

  stop(): void {
    this.controller.stop()
  }

  private async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key)
    const secret = this.secrets.getCached(namespace, name)?.obj
    if (!needsToken(secret)) return
    const saName: string = secret.metadata.annotations[SA_NAME_ANNOTATION]
    if (!this.serviceAccounts.getCached(namespace, saName)) return
    const token = await this.issue(serviceAccountUsername(namespace, saName))
    const uid = secret.metadata.uid
    try {
      await this.secrets.guaranteedUpdate(
        namespace,
        name,
        { user: SYSTEM_USER, version: 'v1', fieldManager: SA_SECRET_CONTROLLER },
        undefined,
        (cur) => {
          if (cur.metadata.uid !== uid || !needsToken(cur)) return cur
          cur.data = { ...cur.data, [SA_TOKEN_KEY]: Buffer.from(token).toString('base64') }
          return cur
        },
      )
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }
}
