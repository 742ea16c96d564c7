import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { route, type Route } from './route.js'
import { KapisRouter } from './router.js'

const noop = () => undefined
const r = (method: Route['method'], path: string, summary: string) =>
  route(method, path, noop, { summary, returns: 'Object' })

describe('KapisRouter', () => {
  const router = new KapisRouter()
  router.add([
    r('GET', '/kapis/g/v/{resources}', 'list'),
    r('GET', '/kapis/g/v/{resources}/{name}', 'get'),
    r('GET', '/kapis/g/v/components', 'components'),
    r('GET', '/kapis/g/v/namespaces/{namespace}/{resources}', 'ns-list'),
    r('GET', '/kapis/g/v/namespaces/{namespace}/metrics', 'ns-metrics'),
    r('GET', '/kapis/g/v/workspaces', 'first'),
    r('GET', '/kapis/g/v/workspaces', 'second'),
    r('PUT', '/kapis/g/v/users/{user}/password', 'password'),
    r('DELETE', '/kapis/g/v/users/{user}', 'delete-user'),
  ])
  const cases: {
    name: string
    method: string
    path: string
    want: string | { allow: string[] } | null
    params?: Record<string, string>
  }[] = [
    {
      name: 'parameter route',
      method: 'GET',
      path: '/kapis/g/v/nodes',
      want: 'list',
      params: { resources: 'nodes' },
    },
    { name: 'static beats parameter', method: 'GET', path: '/kapis/g/v/components', want: 'components' },
    {
      name: 'two parameters',
      method: 'GET',
      path: '/kapis/g/v/nodes/n1',
      want: 'get',
      params: { resources: 'nodes', name: 'n1' },
    },
    {
      name: 'more static segments win',
      method: 'GET',
      path: '/kapis/g/v/namespaces/ns1/metrics',
      want: 'ns-metrics',
    },
    {
      name: 'fewer static segments otherwise',
      method: 'GET',
      path: '/kapis/g/v/namespaces/ns1/pods',
      want: 'ns-list',
    },
    { name: 'first registered wins', method: 'GET', path: '/kapis/g/v/workspaces', want: 'first' },
    { name: 'segment count must match', method: 'GET', path: '/kapis/g/v/a/b/c/d/e', want: null },
    { name: 'trailing slash ignored', method: 'GET', path: '/kapis/g/v/nodes/', want: 'list' },
    {
      name: 'method not allowed lists the methods',
      method: 'POST',
      path: '/kapis/g/v/users/alice/password',
      want: { allow: ['PUT'] },
    },
    {
      name: 'parameters are percent-decoded',
      method: 'DELETE',
      path: '/kapis/g/v/users/a%40b',
      want: 'delete-user',
      params: { user: 'a@b' },
    },
    { name: 'empty segment is not a parameter', method: 'GET', path: '/kapis/g/v//x', want: null },
  ]
  for (const c of cases) {
    test(c.name, () => {
      const m = router.match(c.method, c.path)
      if (c.want === null) return assert.equal(m.kind, 'none')
      if (typeof c.want === 'object') {
        assert.equal(m.kind, 'method')
        return assert.deepEqual(m.kind === 'method' && m.allow, c.want.allow)
      }
      assert.equal(m.kind, 'route')
      if (m.kind !== 'route') return
      assert.equal(m.route.doc.summary, c.want)
      if (c.params) assert.deepEqual(m.params, c.params)
    })
  }
})
