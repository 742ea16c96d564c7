import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseFlags } from './config.js'

describe('authentication flags', () => {
  test('none given: no overrides', () => assert.deepEqual(parseFlags([]).auth, {}))

  test('KubeSphere flag names and Go durations', () => {
    const cfg = parseFlags([
      '--issuer',
      'https://ks.example',
      '--access-token-max-age',
      '1h30m',
      '--access-token-inactivity-timeout',
      '0s',
      '--maximum-clock-skew',
      '5s',
      '--multiple-login',
      'false',
      '--authenticate-rate-limiter-max-retries',
      '3',
      '--authenticate-rate-limiter-duration',
      '2s',
      '--login-history-retention-period',
      '24h',
      '--login-history-maximum-entries',
      '7',
    ])
    assert.deepEqual(cfg.auth, {
      issuer: 'https://ks.example',
      accessTokenMaxAgeMs: 5_400_000,
      accessTokenInactivityTimeoutMs: 0,
      maximumClockSkewMs: 5000,
      multipleLogin: false,
      authenticateRateLimiterMaxTries: 3,
      authenticateRateLimiterDurationMs: 2000,
      loginHistoryRetentionPeriodMs: 86_400_000,
      loginHistoryMaximumEntries: 7,
    })
  })

  const bad: [string[], RegExp][] = [
    [['--access-token-max-age', '2 hours'], /--access-token-max-age: time: invalid duration/],
    [['--multiple-login', 'maybe'], /--multiple-login: invalid boolean/],
    [['--login-history-maximum-entries', 'many'], /--login-history-maximum-entries: invalid integer/],
  ]
  for (const [args, re] of bad)
    test(`rejects ${args.join(' ')}`, () => assert.throws(() => parseFlags(args), re))
})
