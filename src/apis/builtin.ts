/**
 * The built-in kinds this server stores, in the order discovery lists them: core/v1 first,
 * then the named groups (apps, batch, coordination.k8s.io), as kube-apiserver orders its
 * groups. Within a group-version, discovery documents sort resources by name themselves.
 */
import type { Strategy } from '../registry/strategy.js'
import { configMapStrategy } from './core/v1/configmaps.js'
import { endpointsStrategy } from './core/v1/endpoints.js'
import { eventStrategy } from './core/v1/events.js'
import { namespaceStrategy } from './core/v1/namespaces.js'
import { nodeStrategy } from './core/v1/nodes.js'
import { podStrategy } from './core/v1/pods.js'
import { secretStrategy } from './core/v1/secrets.js'
import { serviceAccountStrategy } from './core/v1/serviceaccounts.js'
import { serviceStrategy } from './core/v1/services.js'
import { daemonSetStrategy } from './apps/v1/daemonsets.js'
import { deploymentStrategy } from './apps/v1/deployments.js'
import { replicaSetStrategy } from './apps/v1/replicasets.js'
import { statefulSetStrategy } from './apps/v1/statefulsets.js'
import { cronJobStrategy } from './batch/v1/cronjobs.js'
import { jobStrategy } from './batch/v1/jobs.js'
import { leaseStrategy } from './coordination/v1/leases.js'

export const builtinStrategies: Strategy[] = [
  configMapStrategy,
  endpointsStrategy,
  eventStrategy,
  namespaceStrategy,
  nodeStrategy,
  podStrategy,
  secretStrategy,
  serviceAccountStrategy,
  serviceStrategy,
  daemonSetStrategy,
  deploymentStrategy,
  replicaSetStrategy,
  statefulSetStrategy,
  cronJobStrategy,
  jobStrategy,
  leaseStrategy,
]
