/**
 * The set of served resources: one Store per stored resource, reachable under each served
 * version. CRDs add and remove entries at run time; listeners (discovery, OpenAPI) are told.
 * Virtual resources (access reviews, ...) have no Store: custom handlers serve them, and only
 * discovery lists them (discoveryGroups, discoveryResources).
 */
import type { ObjectReader } from '../admission/interfaces.js'
import type { Store } from './store.js'
import type { ResourceInfo } from './strategy.js'

export interface ServedResource {
  store: Store
  /** The info as served at this version (apiVersion differs for multi-version CRDs). */
  info: ResourceInfo
}

export interface ServedGroup {
  name: string
  /** Preferred version first. */
  versions: string[]
}

export class ResourceRegistry implements ObjectReader {
  private readonly byGVR = new Map<string, ServedResource>()
  private readonly byGR = new Map<string, Store>()
  /** group → version → resource → ServedResource, in registration order. */
  private readonly tree = new Map<string, Map<string, Map<string, ServedResource>>>()
  /** group → version → resource → info of resources without a Store. */
  private readonly virtual = new Map<string, Map<string, Map<string, ResourceInfo>>>()
  private readonly listeners: (() => void)[] = []
  private generation = 0

  /** Lists a resource served by a custom handler (no Store) in discovery. */
  registerVirtual(info: ResourceInfo): void {
    let group = this.virtual.get(info.group)
    if (!group) this.virtual.set(info.group, (group = new Map()))
    let v = group.get(info.version)
    if (!v) group.set(info.version, (v = new Map()))
    v.set(info.resource, info)
    this.changed()
  }

  /** groups() plus the groups and versions of virtual resources. */
  discoveryGroups(): ServedGroup[] {
    const out = this.groups()
    for (const [name, versions] of this.virtual) {
      const existing = out.find((g) => g.name === name)
      if (existing) existing.versions = [...new Set([...existing.versions, ...versions.keys()])].sort(compareVersions)
      else out.push({ name, versions: [...versions.keys()].sort(compareVersions) })
    }
    return out
  }

  /** The infos of stored and virtual resources of one group version. */
  discoveryResources(group: string, version: string): ResourceInfo[] {
    const stored = this.resources(group, version).map((r) => r.info)
    const virtual = [...(this.virtual.get(group)?.get(version)?.values() ?? [])].filter((i) => !stored.some((s) => s.resource === i.resource))
    return [...stored, ...virtual]
  }

  /** Serves `store` at each of `versions` (the first is preferred). */
  register(store: Store, versions: string[] = [store.info.version]): void {
    const base = store.info
    this.byGR.set(`${base.group}/${base.resource}`, store)
    let group = this.tree.get(base.group)
    if (!group) this.tree.set(base.group, (group = new Map()))
    for (const version of versions) {
      const info: ResourceInfo = { ...base, version }
      const served = { store, info }
      this.byGVR.set(`${base.group}/${version}/${base.resource}`, served)
      let v = group.get(version)
      if (!v) group.set(version, (v = new Map()))
      v.set(base.resource, served)
    }
    this.changed()
  }

  unregister(group: string, resource: string): void {
    this.byGR.delete(`${group}/${resource}`)
    const g = this.tree.get(group)
    if (g) {
      for (const [version, resources] of g) {
        if (resources.delete(resource)) this.byGVR.delete(`${group}/${version}/${resource}`)
        if (resources.size === 0) g.delete(version)
      }
      if (g.size === 0) this.tree.delete(group)
    }
    this.changed()
  }

  lookup(group: string, version: string, resource: string): ServedResource | undefined {
    return this.byGVR.get(`${group}/${version}/${resource}`)
  }

  storeFor(group: string, resource: string): Store | undefined {
    return this.byGR.get(`${group}/${resource}`)
  }

  /** Groups in registration order, versions by Kubernetes version priority. */
  groups(): ServedGroup[] {
    return [...this.tree.entries()].map(([name, versions]) => ({
      name,
      versions: [...versions.keys()].sort(compareVersions),
    }))
  }

  resources(group: string, version: string): ServedResource[] {
    return [...(this.tree.get(group)?.get(version)?.values() ?? [])]
  }

  all(): ServedResource[] {
    return [...this.byGVR.values()]
  }

  stores(): Store[] {
    return [...this.byGR.values()]
  }

  /** Changes whenever the served set changes (for caches of derived documents). */
  get version(): number {
    return this.generation
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener)
  }

  get(group: string, resource: string, namespace: string, name: string): any {
    return this.storeFor(group, resource)?.getCached(namespace, name)?.obj
  }

  private changed(): void {
    this.generation++
    for (const l of this.listeners) l()
  }
}

const VERSION_RE = /^v(\d+)(?:(alpha|beta)(\d+))?$/

/**
 * Kubernetes version priority: GA before beta before alpha, higher numbers first; versions
 * that do not look like Kubernetes versions sort last, alphabetically.
 */
export function compareVersions(a: string, b: string): number {
  const ma = VERSION_RE.exec(a)
  const mb = VERSION_RE.exec(b)
  if (!ma || !mb) {
    if (ma) return -1
    if (mb) return 1
    return a < b ? -1 : a > b ? 1 : 0
  }
  const rank = (m: RegExpExecArray) => (m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1)
  if (rank(ma) !== rank(mb)) return rank(mb) - rank(ma)
  if (ma[1] !== mb[1]) return Number(mb[1]) - Number(ma[1])
  return Number(mb[3] ?? 0) - Number(ma[3] ?? 0)
}
