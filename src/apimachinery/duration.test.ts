import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { humanDuration, translateTimestampSince } from './duration.js'

const S = 1000
const M = 60 * S
const H = 60 * M
const D = 24 * H
const Y = 365 * D

void describe('humanDuration', () => {
  const cases: [string, number, string][] = [
    ['two seconds in the future', -2 * S, '<invalid>'],
    ['just under two seconds ahead is now', -1.9 * S, '0s'],
    ['one second ahead', -1 * S, '0s'],
    ['half a second ahead truncates to 0', -0.5 * S, '0s'],
    ['zero', 0, '0s'],
    ['seconds', 59 * S, '59s'],
    ['still seconds below two minutes', 119 * S, '119s'],
    ['two minutes', 2 * M, '2m'],
    ['minutes and seconds', 2 * M + 5 * S, '2m5s'],
    ['nine minutes 59', 9 * M + 59 * S, '9m59s'],
    ['ten minutes drops seconds', 10 * M + 30 * S, '10m'],
    ['179 minutes', 179 * M, '179m'],
    ['three hours', 3 * H, '3h'],
    ['hours and minutes', 3 * H + 12 * M, '3h12m'],
    ['eight hours drops minutes', 8 * H + 30 * M, '8h'],
    ['47 hours', 47 * H, '47h'],
    ['two days', 48 * H, '2d'],
    ['days and hours', 2 * D + 4 * H, '2d4h'],
    ['eight days drops hours', 8 * D + 5 * H, '8d'],
    ['729 days', 729 * D, '729d'],
    ['two years', 2 * Y, '2y'],
    ['years and days', 2 * Y + 15 * D, '2y15d'],
    ['eight years', 8 * Y + 100 * D, '8y'],
  ]
  for (const [name, ms, want] of cases) {
    void test(name, () => assert.equal(humanDuration(ms), want))
  }
})

void describe('translateTimestampSince', () => {
  const now = Date.parse('2024-05-01T10:00:00Z')
  const cases: [string, string | undefined, string][] = [
    ['absent', undefined, '<unknown>'],
    ['empty', '', '<unknown>'],
    ['garbage', 'yesterday-ish', '<unknown>'],
    ['five minutes ago', '2024-05-01T09:55:00Z', '5m'],
    ['in the future', '2024-05-01T10:00:05Z', '<invalid>'],
    ['a day and a half', '2024-04-29T22:00:00Z', '36h'],
  ]
  for (const [name, ts, want] of cases) {
    void test(name, () => assert.equal(translateTimestampSince(ts, now), want))
  }
})
