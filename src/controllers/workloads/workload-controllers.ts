/**
 * The controllers that make pods from workloads, started together by the API server:
 * Deployment → ReplicaSet → Pod, and the pod starter standing in for the kubelet.
 */
import type { ResourceRegistry } from '../../registry/registry.js'
import type { Store } from '../../registry/store.js'
import { EventRecorder } from '../event-recorder.js'
import { DeploymentController } from './deployment-controller.js'
import { PodStarter } from './pod-starter.js'
import { ReplicaSetController } from './replicaset-controller.js'

export class WorkloadControllers {
  readonly deployments: DeploymentController
  readonly replicaSets: ReplicaSetController
  readonly podStarter: PodStarter

  constructor(registry: ResourceRegistry) {
    const store = (group: string, resource: string): Store => {
      const s = registry.storeFor(group, resource)
      if (!s) throw new Error(`workload controllers need ${resource}.${group || 'core'}`)
      return s
    }
    const pods = store('', 'pods')
    const replicaSets = store('apps', 'replicasets')
    this.deployments = new DeploymentController(
      store('apps', 'deployments'),
      replicaSets,
      new EventRecorder(registry, 'deployment-controller'),
    )
    this.replicaSets = new ReplicaSetController(
      replicaSets,
      pods,
      new EventRecorder(registry, 'replicaset-controller'),
    )
    this.podStarter = new PodStarter(pods)
  }

  async start(): Promise<void> {
    await this.podStarter.start()
    await this.replicaSets.start()
    await this.deployments.start()
  }

  stop(): void {
    this.deployments.stop()
    this.replicaSets.stop()
    this.podStarter.stop()
  }
}
