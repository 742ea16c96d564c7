/**
 * The two controllers of KubeSphere ServiceAccounts, started together once the kubesphere.io
 * CRDs are served and the token issuer exists: the reconciler (`ks-serviceaccount`) and the
 * token filler (`serviceaccount-secret`).
 */
import { SA_CONTROLLER, SA_GROUP, SA_RESOURCE } from '../../apis/kubesphere/serviceaccount.js'
import type { ResourceRegistry } from '../../registry/registry.js'
import type { Store } from '../../registry/store.js'
import { EventRecorder } from '../event-recorder.js'
import { ServiceAccountController } from './serviceaccount-controller.js'
import { TokenSecretController, type StaticTokenIssuer } from './token-secret-controller.js'

export class ServiceAccountControllers {
  readonly reconciler: ServiceAccountController
  readonly tokens: TokenSecretController

  constructor(registry: ResourceRegistry, issue: StaticTokenIssuer) {
    const store = (group: string, resource: string): Store => {
      const s = registry.storeFor(group, resource)
      if (!s) throw new Error(`service account controllers need ${resource}.${group || 'core'}`)
      return s
    }
    const serviceAccounts = store(SA_GROUP, SA_RESOURCE)
    const secrets = store('', 'secrets')
    this.reconciler = new ServiceAccountController(
      {
        serviceAccounts,
        secrets,
        pods: store('', 'pods'),
        replicaSets: store('apps', 'replicasets'),
        workloads: {
          deployments: registry.storeFor('apps', 'deployments'),
          statefulsets: registry.storeFor('apps', 'statefulsets'),
          daemonsets: registry.storeFor('apps', 'daemonsets'),
        },
      },
      new EventRecorder(registry, SA_CONTROLLER),
    )
    this.tokens = new TokenSecretController(secrets, serviceAccounts, issue)
  }

  async start(): Promise<void> {
    await this.tokens.start()
    await this.reconciler.start()
  }

  stop(): void {
    this.reconciler.stop()
    this.tokens.stop()
  }
}
