/**
 * The kubelet stand-in: there is no scheduler or container runtime in the embedded server, so a
 * pod whose status nobody has written yet is marked running and ready through the status
 * subresource (see running-pod-status.ts). Pods whose status someone else has set are left
 * alone, and nothing ever runs.
 */
import { isNotFound } from '../../apimachinery/errors.js'
import { rfc3339 } from '../../apimachinery/meta.js'
import { SYSTEM_USER } from '../../apimachinery/user.js'
import type { Store } from '../../registry/store.js'
import { Controller, splitKey } from '../runtime.js'
import { isUnstartedPod, runningPodStatus } from './running-pod-status.js'

export class PodStarter {
  readonly controller: Controller

  constructor(private readonly pods: Store) {
    this.controller = new Controller('pod-starter', (key) => this.reconcile(key))
  }

  async start(): Promise<void> {
    await this.controller.watch(this.pods, (type, pod) =>
      type !== 'DELETED' && isUnstartedPod(pod) ? [`${pod.metadata.namespace}/${pod.metadata.name}`] : [],
    )
  }

  stop(): void {
    this.controller.stop()
  }

  private async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key)
    const pod = this.pods.getCached(namespace, name)?.obj
    if (!pod || !isUnstartedPod(pod)) return
    const uid = pod.metadata.uid
    try {
      await this.pods.guaranteedUpdate(
        namespace,
        name,
        { user: SYSTEM_USER, version: 'v1', fieldManager: 'kubelet', subresource: 'status' },
        undefined,
        (cur) => {
          // Another pod of the same name, or a status set meanwhile: leave it.
          if (cur.metadata.uid !== uid || !isUnstartedPod(cur)) return cur
          return { ...cur, status: runningPodStatus(cur, rfc3339()) }
        },
      )
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }
}
