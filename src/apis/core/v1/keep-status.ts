/**
 * Status handling for kinds with a status subresource (kube-api.md §11.3).
 */
import { clone } from '../../../apimachinery/meta.js'

/** On writes to the main resource the stored status wins over whatever the client sent. */
export function keepOldStatus(obj: any, old: any): void {
  if (old?.status === undefined) delete obj.status
  else obj.status = clone(old.status)
}

