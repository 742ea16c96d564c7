/**
 * Controller owner references: the one reference with `controller: true` ties a ReplicaSet to
 * its Deployment and a Pod to its ReplicaSet; `blockOwnerDeletion` makes foreground deletion of
 * the owner wait for the dependent (kube-api.md §11.8).
 */

export interface OwnerReference {
  apiVersion: string
  kind: string
  name: string
  uid: string
  controller?: boolean
  blockOwnerDeletion?: boolean
}

/** The controller reference an owner puts on the objects it makes. */
export function controllerRef(owner: any, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  }
}

/** The object's controller reference, if any. */
export function controllerOf(obj: any): OwnerReference | undefined {
  const refs: unknown = obj?.metadata?.ownerReferences
  if (!Array.isArray(refs)) return undefined
  return refs.find((r) => r?.controller === true)
}

/** Whether `obj` is controlled by the object with this uid. */
export function isControlledBy(obj: any, ownerUid: string): boolean {
  return controllerOf(obj)?.uid === ownerUid
}
