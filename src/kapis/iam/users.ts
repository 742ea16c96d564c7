/**
 * Users through /kapis (kapis.md §8.1): create with an optional global role
 * (`iam.kubesphere.io/globalrole` → a GlobalRoleBinding), update (password and status are kept,
 * except an Active/Disabled state change), delete, list, login records, and the password change
 * with the self-service rule. `spec.password` never leaves the server; plaintext passwords are
 * hashed by the user admission plugin on the way into storage.
 */
import { newBadRequest, newForbidden, newNotFound } from '../../apimachinery/errors.js'
import { clone, isPlainObject, rfc3339 } from '../../apimachinery/meta.js'
import { selectorFromSet } from '../../apimachinery/labels/selector.js'
import type { Store, WriteOptions } from '../../registry/store.js'
import { allowed } from '../access.js'
import type { KapisDeps } from '../deps.js'
import { readObject, writeJson, writeSuccess } from '../http.js'
import { entryOf, listEntries, writeListResult } from '../list.js'
import { IAM, ROLE_REF_LABEL, USER_REF_LABEL, listOf } from '../objects.js'
import { parseQuery } from '../query.js'
import { withoutPassword } from '../resources/behaviours.js'
import type { KapisRequest } from '../route.js'
import { MemberBindings } from './bindings.js'
import { bySelector } from '../resources/lister.js'

export const GLOBALROLE_ANNOTATION = 'iam.kubesphere.io/globalrole'
const USERS = { group: IAM, resource: 'users' }

export class Users {
  private readonly bindings: MemberBindings

  constructor(private readonly deps: KapisDeps) {
    this.bindings = new MemberBindings(deps.registry)
  }

  private get store(): Store {
    return this.deps.registry.storeFor(IAM, 'users')!
  }

  private opts(r: KapisRequest): WriteOptions {
    return { user: r.user, version: 'v1beta1' }
  }

  private current(name: string): any {
    const u = this.store.getCached('', name)?.obj
    if (!u) throw newNotFound(USERS, name)
    return u
  }

  get(r: KapisRequest): void {
    writeJson(r.res, withoutPassword(this.current(r.params['user'])))
  }

  async create(r: KapisRequest): Promise<void> {
    const body = await readObject(r, 'User')
    const role: unknown = body['metadata']?.annotations?.[GLOBALROLE_ANNOTATION]
    if (typeof role === 'string' && role) this.bindings.role({ scope: 'global' }, role)
    const created = (await this.store.create('', body, this.opts(r))).object
    if (typeof role === 'string' && role)
      await this.bindings.bind({ scope: 'global' }, created.metadata.name, role, r.user)
    writeJson(r.res, withoutPassword(created))
  }

  async update(r: KapisRequest): Promise<void> {
    const name = r.params['user']
    const body = await readObject(r, 'User')
    if (body['metadata']?.name !== undefined && body['metadata'].name !== name) {
      throw newBadRequest(
        `the name of the object (${String(body['metadata'].name)}) does not match the name on the URL (${name})`,
      )
    }
    this.current(name)
    const role: unknown = body['metadata']?.annotations?.[GLOBALROLE_ANNOTATION]
    const bound = (await this.bindings.bindings({ scope: 'global' }, { user: name })).map(
      (b) => b.roleRef?.name,
    )
    const changesRole = typeof role === 'string' && role !== '' && !(bound.length === 1 && bound[0] === role)
    if (changesRole) {
      // Asked without a name, so the self-service rule of `authenticated` does not apply.
      const may = await allowed(this.deps.access, {
        user: r.user,
        verb: 'update',
        apiGroup: '',
        resource: 'users',
        resourceScope: 'Global',
      })
      if (!may)
        throw newForbidden(
          { group: IAM, resource: 'user' },
          name,
          'update global role binding is not allowed',
        )
      this.bindings.role({ scope: 'global' }, role)
    }
    // A resourceVersion in the body makes the update conditional, as a Kubernetes PUT.
    const precondition =
      typeof body['metadata']?.resourceVersion === 'string'
        ? body['metadata'].resourceVersion || undefined
        : undefined
    const result = await this.store.guaranteedUpdate('', name, this.opts(r), precondition, (cur) => {
      const next = clone(body)
      next['metadata'] = { ...(isPlainObject(next['metadata']) ? next['metadata'] : {}), name }
      next['spec'] = { ...(isPlainObject(next['spec']) ? next['spec'] : {}) }
      if (cur.spec?.password === undefined) delete next['spec'].password
      else next['spec'].password = cur.spec.password
      const status = { ...cur.status }
      const state = body['status']?.state
      if ((state === 'Active' || state === 'Disabled') && state !== cur.status?.state) {
        status.state = state
        status.lastTransitionTime = rfc3339()
      }
      next['status'] = status
      return next
    })
    if (changesRole) await this.bindings.bind({ scope: 'global' }, name, role, r.user)
    writeJson(r.res, withoutPassword(result.object))
  }

  async delete(r: KapisRequest): Promise<void> {
    const name = r.params['user']
    this.current(name)
    await this.store.delete('', name, { gracePeriodSeconds: 0 }, this.opts(r))
    writeSuccess(r.res)
  }

  /** v1beta1 list; `?globalrole=<r>` instead lists the users bound to that global role, unpaged. */
  async list(r: KapisRequest): Promise<void> {
    const q = parseQuery(r.query)
    const role = q.filters.get('globalrole')
    if (role) {
      const bindings = await listOf(
        this.deps.registry,
        IAM,
        'globalrolebindings',
        '',
        selectorFromSet({ [ROLE_REF_LABEL]: role }),
      )
      const users = []
      for (const b of bindings) {
        for (const s of b.obj?.subjects ?? []) {
          if (s?.kind !== 'User') continue
          const u = this.store.getCached('', s.name)?.obj
          if (u) users.push(entryOf(withoutPassword(u)))
        }
      }
      return writeListResult(r.res, { items: users, totalItems: users.length })
    }
    const users = await listOf(this.deps.registry, IAM, 'users', '', q.labelSelector)
    writeListResult(r.res, listEntries(users, q, 'v1beta1', { transform: withoutPassword }))
  }

  async loginRecords(r: KapisRequest): Promise<void> {
    const name = r.params['user']
    const q = parseQuery(r.query)
    const selector = selectorFromSet({ [USER_REF_LABEL]: name })
    const records = await listOf(this.deps.registry, IAM, 'loginrecords', '', selector)
    writeListResult(r.res, listEntries(bySelector(records, q), q, 'v1beta1'))
  }

  /**
   * A caller who may not `update users/password` globally (everyone but user managers), or who
   * sends a current password, must give the right current password.
   */
  async changePassword(r: KapisRequest): Promise<void> {
    const name = r.params['user']
    const body = await readObject(r, 'PasswordReset')
    const password = body['password']
    const currentPassword = typeof body['currentPassword'] === 'string' ? body['currentPassword'] : ''
    if (typeof password !== 'string' || password === '') throw newBadRequest('password is required')
    const user = this.current(name)
    const manages = await allowed(this.deps.access, {
      user: r.user,
      verb: 'update',
      apiGroup: '',
      resource: 'users/password',
      resourceScope: 'Global',
    })
    if (!manages || currentPassword !== '') {
      const hash = user.spec?.password
      if (
        typeof hash !== 'string' ||
        hash === '' ||
        !(await this.deps.verifyPassword(currentPassword, hash))
      ) {
        throw newBadRequest('incorrect old password')
      }
    }
    await this.store.guaranteedUpdate('', name, this.opts(r), undefined, (cur) => ({
      ...cur,
      spec: { ...cur.spec, password },
    }))
    writeSuccess(r.res)
  }
}
