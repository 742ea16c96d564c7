import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { stringify } from 'yaml'
import { BUILTIN_CLIENT, clientFromSecret, lifetimesFor, resolveRedirectURI, type OAuthClient } from './clients.js'

const secret = (config: unknown, over: Record<string, any> = {}) => ({
  type: 'config.kubesphere.io/oauthclient',
  metadata: { name: 's', namespace: 'kubesphere-system', labels: { 'config.kubesphere.io/type': 'oauthclient' } },
  data: { 'configuration.yaml': Buffer.from(typeof config === 'string' ? config : stringify(config)).toString('base64') },
  ...over,
})

describe('clientFromSecret', () => {
  test('reads the YAML client with defaults', () => {
    assert.deepEqual(clientFromSecret(secret({ name: 'app', secret: 'x', redirectURIs: ['https://a/cb'], accessTokenMaxAgeSeconds: 600 })), {
      name: 'app',
      secret: 'x',
      trusted: false,
      grantMethod: 'auto',
      scopeRestrictions: [],
      redirectURIs: ['https://a/cb'],
      accessTokenMaxAgeSeconds: 600,
      accessTokenInactivityTimeoutSeconds: 0,
    })
  })
  const skipped: { name: string; s: any }[] = [
    { name: 'wrong type', s: secret({ name: 'app' }, { type: 'Opaque' }) },
    { name: 'missing label', s: secret({ name: 'app' }, { metadata: { name: 's', labels: {} } }) },
    { name: 'no name', s: secret({ secret: 'x' }) },
    { name: 'not YAML', s: secret('name: [unclosed') },
    { name: 'no data', s: { ...secret({ name: 'app' }), data: {} } },
  ]
  for (const c of skipped) test(`skips: ${c.name}`, () => assert.equal(clientFromSecret(c.s), undefined))
})

describe('resolveRedirectURI', () => {
  const client: OAuthClient = { ...BUILTIN_CLIENT, redirectURIs: ['not a url', 'https://a/cb', 'https://b/cb'] }
  const cases: [string, string | undefined][] = [
    ['', 'https://a/cb'],
    ['https://b/cb', 'https://b/cb'],
    ['https://b/cb/', undefined],
    ['https://evil/cb', undefined],
    ['not a url', undefined],
  ]
  for (const [requested, want] of cases) test(JSON.stringify(requested), () => assert.equal(resolveRedirectURI(client, requested), want))
  test('the built-in client has none', () => assert.equal(resolveRedirectURI(BUILTIN_CLIENT, ''), undefined))
})

test('lifetimesFor: per-client lifetimes only when both are set', () => {
  const g = { maxAgeMs: 7_200_000, inactivityMs: 7_200_000 }
  assert.deepEqual(lifetimesFor(undefined, g.maxAgeMs, g.inactivityMs), g)
  assert.deepEqual(lifetimesFor({ ...BUILTIN_CLIENT, accessTokenMaxAgeSeconds: 600 }, g.maxAgeMs, g.inactivityMs), g)
  assert.deepEqual(
    lifetimesFor({ ...BUILTIN_CLIENT, accessTokenMaxAgeSeconds: 600, accessTokenInactivityTimeoutSeconds: 900 }, g.maxAgeMs, g.inactivityMs),
    { maxAgeMs: 600_000, inactivityMs: 900_000 },
  )
})
