/**
 * Users' passwords (auth.md §6.2, §6.3): on create and update, a plaintext spec.password must
 * follow KubeSphere's rules (422 Invalid, without echoing the value) and is replaced by its
 * bcrypt hash (cost 10) before anything is stored. Hashing also stamps
 * iam.kubesphere.io/last-password-change-time and scrubs the plaintext out of kubectl's
 * last-applied-configuration. New users start Active, so they can log in at once.
 */
import { newInvalid } from '../../apimachinery/errors.js'
import { rfc3339 } from '../../apimachinery/meta.js'
import { DEFAULT_BCRYPT_COST, hashPassword, isBcryptHash } from '../../authn/password-hash.js'
import { passwordErrors } from '../../authn/password-rules.js'
import { ANNOTATION_LAST_PASSWORD_CHANGE, USERS } from '../../authn/users.js'
import type { AdmissionAttributes, AdmissionPlugin } from '../interfaces.js'

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

export function isUser(a: AdmissionAttributes): boolean {
  return a.info.group === USERS.group && a.info.resource === USERS.resource && !a.subresource
}

export function userPasswordPlugin(cost = DEFAULT_BCRYPT_COST): AdmissionPlugin {
  return {
    name: 'UserPassword',
    handles: (op) => op === 'CREATE' || op === 'UPDATE',
    async admit(a) {
      if (!isUser(a) || !a.object) return
      const obj = a.object
      if (a.operation === 'CREATE' && !obj.status?.state) {
        obj.status = { ...obj.status, state: 'Active', lastTransitionTime: rfc3339() }
      }
      const password = obj.spec?.password
      if (typeof password !== 'string' || isBcryptHash(password)) return
      const errs = passwordErrors(password)
      if (errs.length) throw newInvalid({ group: USERS.group, kind: 'User' }, a.name, errs)
      const hash = await hashPassword(password, cost)
      obj.spec.password = hash
      obj.metadata.annotations = { ...obj.metadata.annotations, [ANNOTATION_LAST_PASSWORD_CHANGE]: rfc3339() }
      scrubLastApplied(obj, hash)
    },
  }
}

/** Replaces the password in kubectl's last-applied-configuration by the hash (or drops it if unreadable). */
function scrubLastApplied(obj: any, hash: string): void {
  const annotations = obj.metadata.annotations
  const text = annotations?.[LAST_APPLIED]
  if (typeof text !== 'string') return
  try {
    const applied = JSON.parse(text)
    if (applied?.spec && typeof applied.spec.password === 'string') applied.spec.password = hash
    annotations[LAST_APPLIED] = JSON.stringify(applied) + '\n'
  } catch {
    delete annotations[LAST_APPLIED]
  }
}
