/**
 * The bootstrap `admin` User (auth.md §6.6), created once on first start with the chart's name,
 * e-mail, annotations and state. Its password comes from --admin-password / KS_ADMIN_PASSWORD
 * or is generated (never upstream's well-known default); admission hashes it before it is
 * stored. Binding admin to platform-admin is authorization's part.
 */
import { randomBytes } from 'node:crypto'
import { isAlreadyExists } from '../apimachinery/errors.js'
import { SYSTEM_USER } from '../apimachinery/user.js'
import type { ResourceRegistry } from '../registry/registry.js'
import { passwordErrors } from './password-rules.js'
import { ANNOTATION_CREATOR, ANNOTATION_GLOBALROLE, ANNOTATION_UNINITIALIZED, USERS } from './users.js'

export const ADMIN_USER = 'admin'
export const ADMIN_EMAIL = 'admin@kubesphere.io'

/** A random password that satisfies the password rules. */
export function generatePassword(): string {
  for (;;) {
    const candidate = randomBytes(15).toString('base64url')
    if (passwordErrors(candidate).length === 0) return candidate
  }
}

/**
 * Creates `admin` unless it exists. Returns the generated password when one was made, so the
 * caller can show it once.
 */
export async function ensureAdminUser(registry: ResourceRegistry, password?: string): Promise<{ generatedPassword?: string }> {
  const store = registry.storeFor(USERS.group, USERS.resource)
  if (!store) throw new Error('users.iam.kubesphere.io is not served')
  if (store.getCached('', ADMIN_USER)) return {}
  const chosen = password || generatePassword()
  try {
    await store.create(
      '',
      {
        apiVersion: `${USERS.group}/v1beta1`,
        kind: 'User',
        metadata: {
          name: ADMIN_USER,
          annotations: {
            [ANNOTATION_UNINITIALIZED]: 'true',
            [ANNOTATION_GLOBALROLE]: 'platform-admin',
            [ANNOTATION_CREATOR]: 'system',
          },
        },
        spec: { email: ADMIN_EMAIL, password: chosen },
        status: { state: 'Active' },
      },
      { user: SYSTEM_USER, version: 'v1beta1', fieldManager: 'ks-apiserver' },
    )
  } catch (err) {
    if (isAlreadyExists(err)) return {}
    throw err
  }
  return password ? {} : { generatedPassword: chosen }
}
