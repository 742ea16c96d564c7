/**
 * Authorization as the server runs it: the policy index fed by informers, the RBAC authorizer
 * over it, and the union the handler chain asks — always-allowed paths, then what every
 * authenticated kubectl user may do, then RBAC (authz.md §2, §5, §6).
 *
 * In-process callers (the /kapis handlers, access reviews) use `rbac` directly: upstream's
 * handler checks and SubjectAccessReviews consult the RBAC authorizer without the path list.
 */
import type { UserInfo } from '../apimachinery/user.js'
import type { ResourceRegistry } from '../registry/registry.js'
import type { RequestAuthorizer } from '../server/chain.js'
import type { Watcher } from '../storage/interface.js'
import { emptyAttributes, type Attributes } from './attributes.js'
import { unionAuthorizer, type Authorizer } from './authorizer.js'
import { kubectlAccess } from './kubectl-access.js'
import { pathAuthorizer } from './path-authorizer.js'
import { PolicyIndex } from './policy-index.js'
import { informPolicyIndex } from './policy-informers.js'
import { RbacAuthorizer } from './rbac-authorizer.js'
import { requestAuthorizer } from './request-authorizer.js'

/** Attributes of an in-process question; unset fields are empty (a resource request by default). */
export interface AccessQuestion {
  user: UserInfo
  verb: string
  resourceRequest?: boolean
  apiGroup?: string
  apiVersion?: string
  resource?: string
  subresource?: string
  name?: string
  namespace?: string
  workspace?: string
  cluster?: string
  resourceScope?: string
  path?: string
  kubernetesRequest?: boolean
}

export interface AccessAnswer {
  allowed: boolean
  /** `RBAC: allowed by ...` when allowed; '' or `RBAC: <errors>` otherwise. */
  reason: string
}

export function attributesOf(q: AccessQuestion): Attributes {
  const a = emptyAttributes(q.user)
  return {
    ...a,
    verb: q.verb,
    resourceRequest: q.resourceRequest ?? true,
    apiGroup: q.apiGroup ?? '',
    apiVersion: q.apiVersion ?? '',
    resource: q.resource ?? '',
    subresource: q.subresource ?? '',
    name: q.name ?? '',
    namespace: q.namespace ?? '',
    workspace: q.workspace ?? '',
    cluster: q.cluster ?? '',
    resourceScope: q.resourceScope ?? '',
    path: q.path ?? '',
    kubernetesRequest: q.kubernetesRequest ?? false,
  }
}

export class Authorization {
  readonly index = new PolicyIndex()
  readonly rbac = new RbacAuthorizer(this.index)
  /** What the handler chain asks. */
  readonly authorizer: Authorizer = unionAuthorizer([pathAuthorizer(), kubectlAccess, this.rbac])
  readonly requestAuthorizer: RequestAuthorizer = requestAuthorizer(this.authorizer)
  private watchers: Watcher[] = []

  /** Fills the index from the stores and keeps it current. */
  async start(registry: ResourceRegistry): Promise<void> {
    this.watchers = await informPolicyIndex(registry, this.index)
  }

  stop(): void {
    for (const w of this.watchers) w.cancel()
    this.watchers = []
  }

  /** The RBAC authorizer alone, for handler checks (authz.md §11.3). */
  review(q: AccessQuestion): AccessAnswer {
    const result = this.rbac.authorize(attributesOf(q))
    return { allowed: result.decision === 'allow', reason: result.reason }
  }
}
