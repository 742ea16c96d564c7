/**
 * KubeSphere's user webhook (auth.md §6.7, users.iam.kubesphere.io): a non-empty spec.email must
 * be a mail address and must not belong to another user. Objects managed by Helm are skipped.
 * Denials read as a webhook's would: 403 `admission webhook "users.iam.kubesphere.io" denied
 * the request: ...`.
 */
import { newUnknown } from '../../apimachinery/errors.js'
import { isMailAddress, type UserDirectory } from '../../authn/users.js'
import type { AdmissionPlugin } from '../interfaces.js'
import { isUser } from './user-password.js'

const WEBHOOK = 'users.iam.kubesphere.io'

const denied = (text: string) => newUnknown(`admission webhook "${WEBHOOK}" denied the request: ${text}`, 403)

export function userEmailPlugin(users: UserDirectory): AdmissionPlugin {
  return {
    name: 'UserEmail',
    handles: (op) => op === 'CREATE' || op === 'UPDATE',
    validate: async (a) => {
      if (!isUser(a) || !a.object) return
      if (a.object.metadata?.labels?.['app.kubernetes.io/managed-by'] === 'Helm') return
      const email = a.object.spec?.email
      if (typeof email !== 'string' || email === '') return
      if (a.operation === 'UPDATE' && a.oldObject?.spec?.email === email) return
      if (!isMailAddress(email)) throw denied(`invalid email address:${email}`)
      const owner = await users.findByEmail(email)
      if (owner && owner.metadata?.name !== a.name) throw denied(`user email: ${email} already exists`)
    },
  }
}
