/**
 * The ServiceAccount reconciler, `ks-serviceaccount` (serviceaccount.md §3.1). For each
 * kubesphere.io ServiceAccount:
 *  1. first sight (no finalizer, not being deleted): add the finalizer and, when `secrets` is
 *     empty, create the token Secret (`generateName: <sa>-`, type
 *     `kubesphere.io/service-account-token`, annotation `kubesphere.io/service-account.name`,
 *     nothing else) and reference it — one update carrying both; event `Normal Synced`;
 *  2. being deleted: delete each referenced Secret that is a valid token Secret of this
 *     ServiceAccount, then remove the finalizer (the ServiceAccount goes);
 *  3. every time: report referenced Secrets that are missing, of another type or for another
 *     ServiceAccount as `Warning InvalidSecret` events (nothing is repaired);
 *  4. restart workloads whose annotated pods do not mount the current secret (stale-pods.ts).
 * A token Secret is only ever created on the first reconcile. A Secret created by an attempt
 * whose ServiceAccount update then failed is reused by the retry instead of orphaned.
 */
import { isNotFound } from '../../apimachinery/errors.js'
import { quote } from '../../apimachinery/errors.js'
import { SYSTEM_USER } from '../../apimachinery/user.js'
import {
  POD_SA_ANNOTATION,
  SA_CONTROLLER,
  SA_FINALIZER,
  SA_NAME_ANNOTATION,
  SA_RESTARTED_AT_ANNOTATION,
  SA_TOKEN_SECRET_TYPE,
  isTokenSecretOf,
} from '../../apis/kubesphere/serviceaccount.js'
import { logger } from '../../observability/logger.js'
import type { Store, WriteOptions } from '../../registry/store.js'
import type { EventRecorder } from '../event-recorder.js'
import { Controller, splitKey } from '../runtime.js'
import { workloadsToRestart, type WorkloadRef } from './stale-pods.js'

const opts = (version: string): WriteOptions => ({ user: SYSTEM_USER, version, fieldManager: SA_CONTROLLER })

export interface ServiceAccountStores {
  serviceAccounts: Store
  secrets: Store
  pods: Store
  replicaSets: Store
  /** apps/v1 workloads whose pod template may be restarted. */
  workloads: Record<WorkloadRef['resource'], Store | undefined>
}

/** The token Secret of ServiceAccount `sa`, before the server names it. */
export function tokenSecretFor(sa: any): any {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      generateName: `${sa.metadata.name}-`,
      namespace: sa.metadata.namespace,
      annotations: { [SA_NAME_ANNOTATION]: sa.metadata.name },
    },
    type: SA_TOKEN_SECRET_TYPE,
  }
}

/** Why a referenced secret is not acceptable, or undefined when it is. */
export function invalidSecretMessage(secret: any, secretName: string, saName: string): string | undefined {
  if (!secret) return `Secret ${quote(secretName)} not found`
  if (secret.type !== SA_TOKEN_SECRET_TYPE)
    return `unsupported secret ${secretName} type: ${secret.type ?? ''}`
  const subject = secret.metadata?.annotations?.[SA_NAME_ANNOTATION]
  if (subject !== saName) return `incorrect subject name ${subject ?? ''}`
  return undefined
}

export class ServiceAccountController {
  readonly controller: Controller
  /** ServiceAccount uid → the Secret created for it whose reference is not stored yet. */
  private readonly pending = new Map<string, string>()

  constructor(
    private readonly s: ServiceAccountStores,
    private readonly events: EventRecorder,
  ) {
    this.controller = new Controller(SA_CONTROLLER, (key) => this.reconcile(key))
  }

  async start(): Promise<void> {
    await this.controller.watch(this.s.serviceAccounts)
  }

  stop(): void {
    this.controller.stop()
  }

  private async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key)
    let sa = this.s.serviceAccounts.getCached(namespace, name)?.obj
    if (!sa) return
    const finalizers: string[] = sa.metadata.finalizers ?? []
    if (!sa.metadata.deletionTimestamp) {
      if (!finalizers.includes(SA_FINALIZER)) sa = await this.initialize(sa)
    } else {
      if (finalizers.includes(SA_FINALIZER)) await this.finalize(sa)
      return
    }
    await this.checkSecrets(sa)
    await this.restartStaleWorkloads(sa)
  }

  private async initialize(sa: any): Promise<any> {
    const { namespace, name, uid } = sa.metadata
    let created: string | undefined
    if (!(sa.secrets ?? []).length) {
      created = this.pending.get(uid)
      if (!created || !isTokenSecretOf(this.s.secrets.getCached(namespace, created)?.obj, name)) {
        const { object } = await this.s.secrets.create(namespace, tokenSecretFor(sa), opts('v1'))
        created = object.metadata.name as string
        this.pending.set(uid, created)
      }
    }
    const { object } = await this.s.serviceAccounts.guaranteedUpdate(
      namespace,
      name,
      opts(this.s.serviceAccounts.info.version),
      undefined,
      (cur) => {
        if (cur.metadata.uid !== uid) throw new Error(`ServiceAccount ${namespace}/${name} was replaced`)
        cur.metadata.finalizers = [
          ...(cur.metadata.finalizers ?? []).filter((f: string) => f !== SA_FINALIZER),
          SA_FINALIZER,
        ]
        if (created && !(cur.secrets ?? []).length) cur.secrets = [{ name: created, namespace }]
        return cur
      },
    )
    this.pending.delete(uid)
    if (created) await this.events.event(object, 'Normal', 'Synced', 'Create token secret successfully')
    return object
  }

  private async finalize(sa: any): Promise<void> {
    const { namespace, name, uid } = sa.metadata
    for (const ref of sa.secrets ?? []) {
      const ns: string = ref?.namespace || namespace
      const secret = this.s.secrets.getCached(ns, ref?.name ?? '')?.obj
      if (!secret || !isTokenSecretOf(secret, name)) continue
      try {
        await this.s.secrets.delete(
          ns,
          secret.metadata.name,
          { preconditions: { uid: secret.metadata.uid } },
          opts('v1'),
        )
      } catch (err) {
        if (!isNotFound(err)) throw err
      }
    }
    try {
      await this.s.serviceAccounts.guaranteedUpdate(
        namespace,
        name,
        opts(this.s.serviceAccounts.info.version),
        undefined,
        (cur) => {
          if (cur.metadata.uid !== uid) throw new Error(`ServiceAccount ${namespace}/${name} was replaced`)
          cur.metadata.finalizers = (cur.metadata.finalizers ?? []).filter((f: string) => f !== SA_FINALIZER)
          return cur
        },
      )
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
    this.pending.delete(uid)
  }

  private async checkSecrets(sa: any): Promise<void> {
    const { namespace, name } = sa.metadata
    for (const ref of sa.secrets ?? []) {
      const secretName: string = ref?.name ?? ''
      const message = invalidSecretMessage(
        this.s.secrets.getCached(namespace, secretName)?.obj,
        secretName,
        name,
      )
      if (message) await this.events.event(sa, 'Warning', 'InvalidSecret', message)
    }
  }

  private async restartStaleWorkloads(sa: any): Promise<void> {
    const secretName: string | undefined = sa.secrets?.[0]?.name
    if (!secretName) return
    const page = await this.s.pods.deps.cache.list(this.s.pods.collectionPrefix(sa.metadata.namespace))
    const pods = page.items
      .map((c) => c.obj)
      .filter((p) => p.metadata?.annotations?.[POD_SA_ANNOTATION] === sa.metadata.name)
    const lookup = (ns: string, n: string) => this.s.replicaSets.getCached(ns, n)?.obj
    for (const w of workloadsToRestart(pods, sa.metadata.name, secretName, lookup)) {
      const store = this.s.workloads[w.resource]
      if (!store) continue
      try {
        await store.guaranteedUpdate(w.namespace, w.name, opts(store.info.version), undefined, (cur) => {
          const template = (cur.spec ??= {}).template ?? (cur.spec.template = {})
          template.metadata = {
            ...template.metadata,
            annotations: {
              ...template.metadata?.annotations,
              [SA_RESTARTED_AT_ANNOTATION]: new Date().toISOString(),
            },
          }
          return cur
        })
      } catch (err) {
        // Upstream ends the loop at the first error and still succeeds.
        logger.warn(
          {
            controller: SA_CONTROLLER,
            workload: `${w.resource}/${w.namespace}/${w.name}`,
            err: (err as Error).message,
          },
          'could not restart workload',
        )
        return
      }
    }
  }
}
