import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { CLIENT_VERSION, defaultUserAgent, setKubeSphereDefaults } from '../src/index.js'

describe('setKubeSphereDefaults', () => {
  const cases: [string, Parameters<typeof defaultUserAgent>[0], string][] = [
    [
      'all parts',
      {
        program: '/app/bin/main.js',
        version: '4.1.3',
        platform: 'linux',
        arch: 'x64',
        commit: '0123456789abcdef',
      },
      'main/4.1.3 (linux/amd64) kubesphere/0123456',
    ],
    [
      'pre-release suffix dropped',
      { program: 'tool', version: '1.2.0-beta.1', platform: 'darwin', arch: 'arm64', commit: 'abc' },
      'tool/1.2.0 (darwin/arm64) kubesphere/abc',
    ],
    [
      'Go names for Windows and 32-bit x86',
      { program: 'x.exe', version: '1.0.0', platform: 'win32', arch: 'ia32', commit: 'c' },
      'x/1.0.0 (windows/386) kubesphere/c',
    ],
    [
      'missing parts are unknown',
      { program: '', version: '', platform: '', arch: '', commit: '' },
      'unknown/unknown (unknown/unknown) kubesphere/unknown',
    ],
  ]
  for (const [name, parts, want] of cases) test(name, () => assert.equal(defaultUserAgent(parts), want))

  test('sets only the user agent, and only when empty', () => {
    const c = setKubeSphereDefaults({ host: 'http://x' })
    assert.deepEqual(Object.keys(c).sort(), ['host', 'userAgent'])
    assert.match(c.userAgent!, /^[^/]+\/\d+\.\d+\.\d+ \([a-z0-9]+\/[a-z0-9]+\) kubesphere\/unknown$/)
    assert.equal(setKubeSphereDefaults({ host: 'http://x', userAgent: 'mine' }).userAgent, 'mine')
  })

  test('the version constant is the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
    assert.equal(CLIENT_VERSION, pkg.version)
  })
})
