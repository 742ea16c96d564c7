import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { formatGoDuration, parseGoDuration } from './go-duration.js'

describe('parseGoDuration', () => {
  const cases: [string, number][] = [
    ['2h', 7_200_000],
    ['10m0s', 600_000],
    ['168h', 604_800_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['300ms', 300],
    ['0s', 0],
    ['0', 0],
    ['-1m', -60_000],
  ]
  for (const [text, ms] of cases) test(text, () => assert.equal(parseGoDuration(text), ms))
  for (const bad of ['', '10', 'h', '1d', '1 h', 'abc'])
    test(`rejects ${JSON.stringify(bad)}`, () => assert.throws(() => parseGoDuration(bad), /invalid duration/))
})

describe('formatGoDuration', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [600_000, '10m0s'],
    [7_200_000, '2h0m0s'],
    [1500, '1.5s'],
    [300, '300ms'],
    [90_000, '1m30s'],
    [604_800_000, '168h0m0s'],
    [-2000, '-2s'],
  ]
  for (const [ms, text] of cases) test(text, () => assert.equal(formatGoDuration(ms), text))
})
