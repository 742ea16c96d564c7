import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { UserInfo } from '../apimachinery/user.js'
import { parseRequestInfo } from '../server/request-info.js'
import { attributesFromRequest } from './attributes.js'
import { unionAuthorizer, type Authorizer } from './authorizer.js'
import { kubectlAccess } from './kubectl-access.js'
import { pathAuthorizer } from './path-authorizer.js'

const anonymous: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] }
const bob: UserInfo = { name: 'bob', groups: ['system:authenticated'] }
const sa: UserInfo = { name: 'kubesphere:serviceaccount:default:sample', groups: [] }

const ask = (a: Authorizer, user: UserInfo, method: string, path: string) =>
  a.authorize(attributesFromRequest(user, parseRequestInfo(method, path, new URLSearchParams()))).decision

describe('always-allowed paths (authz.md §5)', () => {
  const paths = pathAuthorizer()
  const cases: [string, string, string, boolean][] = [
    ['POST /oauth/token', 'POST', '/oauth/token', true],
    ['/oauth/ itself', 'GET', '/oauth/', true],
    ['/oauth without the slash', 'GET', '/oauth', false],
    ['/healthz', 'GET', '/healthz', true],
    ['/healthz/x', 'GET', '/healthz/x', false],
    ['/readyz (this project)', 'GET', '/readyz', true],
    ['/version/ is not /version', 'GET', '/version/', false],
    ['/openapi/v3 exactly', 'GET', '/openapi/v3', true],
    ['/openapi/v3/apis/x', 'GET', '/openapi/v3/apis/x', false],
    ['cluster-prefixed path', 'GET', '/clusters/host/version', true],
    ['/kapis/version', 'GET', '/kapis/version', false],
    ['/dist/* prefix', 'GET', '/dist/app.js', true],
  ]
  for (const [name, method, path, allowed] of cases) {
    test(name, () => assert.equal(ask(paths, anonymous, method, path), allowed ? 'allow' : 'no-opinion'))
  }

  test('a * anywhere but at the end is a configuration error', () => {
    assert.throws(() => pathAuthorizer(['/a*/b']), /trailing/)
  })
})

describe('kubectl access for authenticated callers', () => {
  const cases: [string, UserInfo, string, string, boolean][] = [
    ['bob reads /apis', bob, 'GET', '/apis', true],
    ['bob reads a group version', bob, 'GET', '/apis/apps/v1', true],
    ['bob reads OpenAPI v3 documents', bob, 'GET', '/openapi/v3/apis/apps/v1', true],
    ['bob cannot POST /apis', bob, 'POST', '/apis', false],
    ['a ServiceAccount reads /api', sa, 'GET', '/api', true],
    ['anonymous callers do not', anonymous, 'GET', '/apis', false],
    ['bob asks about himself', bob, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', true],
    ['and lists his rules', bob, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', true],
    ['and says who he is', bob, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', true],
    [
      'but may not ask about others',
      bob,
      'POST',
      '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      false,
    ],
    ['nor read resources', bob, 'GET', '/api/v1/pods', false],
  ]
  for (const [name, user, method, path, allowed] of cases) {
    test(name, () => assert.equal(ask(kubectlAccess, user, method, path), allowed ? 'allow' : 'no-opinion'))
  }
})

describe('union', () => {
  test('the first allow wins; otherwise the reasons are joined', () => {
    const no = (reason: string): Authorizer => ({ authorize: () => ({ decision: 'no-opinion', reason }) })
    const yes: Authorizer = { authorize: () => ({ decision: 'allow', reason: 'yes' }) }
    assert.deepEqual(
      unionAuthorizer([no('a'), yes, no('b')]).authorize(
        attributesFromRequest(bob, parseRequestInfo('GET', '/x', new URLSearchParams())),
      ),
      { decision: 'allow', reason: 'yes' },
    )
    assert.deepEqual(
      unionAuthorizer([no('a'), no(''), no('b')]).authorize(
        attributesFromRequest(bob, parseRequestInfo('GET', '/x', new URLSearchParams())),
      ),
      { decision: 'no-opinion', reason: 'a\nb' },
    )
  })
})
