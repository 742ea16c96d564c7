import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { emptyAttributes, type Attributes } from './attributes.js'
import { atomize, ruleAllows, ruleCovered, uncoveredAtoms } from './rules.js'
import type { PolicyRule } from './types.js'

const user = { name: 'bob', groups: ['system:authenticated'] }

function resource(fields: Partial<Attributes>): Attributes {
  return { ...emptyAttributes(user), resourceRequest: true, resourceScope: 'Namespace', ...fields }
}

function nonResource(verb: string, path: string): Attributes {
  return { ...emptyAttributes(user), verb, path }
}

describe('ruleAllows', () => {
  const cases: [string, PolicyRule, Attributes, boolean][] = [
    [
      'exact match',
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      resource({ verb: 'get', resource: 'pods' }),
      true,
    ],
    [
      'other verb',
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      resource({ verb: 'delete', resource: 'pods' }),
      false,
    ],
    [
      'verbs are case-sensitive',
      { verbs: ['GET'], apiGroups: [''], resources: ['pods'] },
      resource({ verb: 'get', resource: 'pods' }),
      false,
    ],
    [
      'wildcard verb',
      { verbs: ['*'], apiGroups: [''], resources: ['pods'] },
      resource({ verb: 'deletecollection', resource: 'pods' }),
      true,
    ],
    [
      'an unmapped method matches only *',
      { verbs: ['get'], apiGroups: ['*'], resources: ['*'] },
      resource({ verb: '', resource: 'pods' }),
      false,
    ],
    [
      'named groups do not cover core',
      { verbs: ['*'], apiGroups: ['apps'], resources: ['*'] },
      resource({ verb: 'get', resource: 'pods' }),
      false,
    ],
    [
      'wildcard group',
      { verbs: ['*'], apiGroups: ['*'], resources: ['deployments'] },
      resource({ verb: 'get', apiGroup: 'apps', resource: 'deployments' }),
      true,
    ],
    [
      'resource does not cover its subresource',
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      resource({ verb: 'get', resource: 'pods', subresource: 'log' }),
      false,
    ],
    [
      'subresource listed',
      { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] },
      resource({ verb: 'get', resource: 'pods', subresource: 'log' }),
      true,
    ],
    [
      '*/subresource',
      { verbs: ['get'], apiGroups: [''], resources: ['*/log'] },
      resource({ verb: 'get', resource: 'pods', subresource: 'log' }),
      true,
    ],
    [
      '*/subresource is not the resource',
      { verbs: ['get'], apiGroups: [''], resources: ['*/log'] },
      resource({ verb: 'get', resource: 'pods' }),
      false,
    ],
    [
      'pods/* is not a wildcard',
      { verbs: ['get'], apiGroups: [''], resources: ['pods/*'] },
      resource({ verb: 'get', resource: 'pods', subresource: 'log' }),
      false,
    ],
    [
      'wildcard resource covers subresources',
      { verbs: ['get'], apiGroups: [''], resources: ['*'] },
      resource({ verb: 'get', resource: 'pods', subresource: 'exec' }),
      true,
    ],
    [
      'resourceNames: listed name',
      { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] },
      resource({ verb: 'get', resource: 'configmaps', name: 'a' }),
      true,
    ],
    [
      'resourceNames: other name',
      { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] },
      resource({ verb: 'get', resource: 'configmaps', name: 'b' }),
      false,
    ],
    [
      'resourceNames: list is nameless',
      { verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] },
      resource({ verb: 'list', resource: 'configmaps' }),
      false,
    ],
    [
      'resource rules never match non-resource requests',
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      nonResource('GET', '/healthz'),
      false,
    ],
    [
      'non-resource: exact path',
      { verbs: ['GET'], nonResourceURLs: ['/healthz'] },
      nonResource('GET', '/healthz'),
      true,
    ],
    [
      'non-resource: lower-case verb does not match',
      { verbs: ['get'], nonResourceURLs: ['/healthz'] },
      nonResource('GET', '/healthz'),
      false,
    ],
    [
      'non-resource: trailing slash matters',
      { verbs: ['GET'], nonResourceURLs: ['/healthz'] },
      nonResource('GET', '/healthz/'),
      false,
    ],
    [
      'non-resource: prefix',
      { verbs: ['GET'], nonResourceURLs: ['/static/images/*'] },
      nonResource('GET', '/static/images/a.png'),
      true,
    ],
    [
      'non-resource: prefix matches the bare directory',
      { verbs: ['GET'], nonResourceURLs: ['/static/images/*'] },
      nonResource('GET', '/static/images/'),
      true,
    ],
    [
      'non-resource: prefix needs the slash',
      { verbs: ['GET'], nonResourceURLs: ['/static/images/*'] },
      nonResource('GET', '/static/images'),
      false,
    ],
    ['non-resource: *', { verbs: ['*'], nonResourceURLs: ['*'] }, nonResource('DELETE', '/anything'), true],
    [
      'non-resource rules never match resource requests',
      { verbs: ['*'], nonResourceURLs: ['*'] },
      resource({ verb: 'get', resource: 'pods' }),
      false,
    ],
  ]
  for (const [name, rule, attrs, expected] of cases) {
    test(name, () => assert.equal(ruleAllows(attrs, rule), expected))
  }
})

describe('coverage', () => {
  test('atomize splits every dimension', () => {
    const atoms = atomize([
      { verbs: ['get', 'list'], apiGroups: ['', 'apps'], resources: ['pods'], resourceNames: ['a'] },
      { verbs: ['GET'], nonResourceURLs: ['/a', '/b'] },
    ])
    assert.equal(atoms.length, 4 + 2)
    assert.deepEqual(atoms[0], { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] })
    assert.deepEqual(atoms[5], { verbs: ['GET'], nonResourceURLs: ['/b'] })
  })

  const cases: [string, PolicyRule, PolicyRule[], boolean][] = [
    [
      'wildcards cover all',
      { verbs: ['delete'], apiGroups: ['apps'], resources: ['deployments'] },
      [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      true,
    ],
    [
      'a missing verb',
      { verbs: ['get', 'delete'], apiGroups: [''], resources: ['pods'] },
      [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }],
      false,
    ],
    [
      '*/sub covers res/sub',
      { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] },
      [{ verbs: ['get'], apiGroups: [''], resources: ['*/log'] }],
      true,
    ],
    [
      'a named owner covers only the name',
      { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] },
      [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a', 'b'] }],
      true,
    ],
    [
      'a named owner does not cover all names',
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }],
      false,
    ],
    [
      'a wildcard grant is held only by a wildcard',
      { verbs: ['*'], apiGroups: [''], resources: ['pods'] },
      [
        {
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
          apiGroups: [''],
          resources: ['pods'],
        },
      ],
      false,
    ],
    [
      'non-resource prefix',
      { verbs: ['GET'], nonResourceURLs: ['/static/images/a'] },
      [{ verbs: ['GET'], nonResourceURLs: ['/static/*'] }],
      true,
    ],
    [
      'non-resource needs a non-resource owner',
      { verbs: ['GET'], nonResourceURLs: ['/x'] },
      [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      false,
    ],
  ]
  for (const [name, rule, owner, expected] of cases) {
    test(name, () => assert.equal(ruleCovered(rule, owner), expected))
  }

  test('uncovered atoms are the difference', () => {
    const missing = uncoveredAtoms(
      [{ verbs: ['get', 'delete'], apiGroups: [''], resources: ['pods', 'secrets'] }],
      [{ verbs: ['get'], apiGroups: [''], resources: ['*'] }],
    )
    assert.deepEqual(missing, [
      { verbs: ['delete'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['delete'], apiGroups: [''], resources: ['secrets'] },
    ])
  })
})
