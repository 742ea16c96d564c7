/**
 * Storage errors become API errors here, once per verb (as kube-apiserver's storage/errors does).
 */
import {
  CONFLICT_MODIFIED,
  newAlreadyExists,
  newConflict,
  newInternalError,
  newNotFound,
  newRequestEntityTooLarge,
  newResourceExpired,
  newServiceUnavailable,
  type GroupResource,
} from '../apimachinery/errors.js'
import { isStorageError } from '../storage/interface.js'

export function interpretStorageError(err: unknown, gr: GroupResource, name: string): Error {
  if (!isStorageError(err)) return err instanceof Error ? err : newInternalError(err)
  switch (err.code) {
    case 'KeyNotFound':
      return newNotFound(gr, name)
    case 'KeyExists':
      return newAlreadyExists(gr, name)
    case 'Conflict':
      return newConflict(gr, name, CONFLICT_MODIFIED)
    case 'Compacted':
      return newResourceExpired(err.message)
    case 'TooLarge':
      return newRequestEntityTooLarge(err.message)
    case 'Unreachable':
      return newServiceUnavailable(err.message)
  }
}
