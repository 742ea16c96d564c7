import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { fieldErrorString } from '../../../apimachinery/errors.js'
import { cronJobStrategy } from './cronjobs.js'
import { cronScheduleError } from './cron-schedule.js'

const NOW = Date.parse('2024-05-01T10:00:00Z')

function cronJob(spec: any, name = 'hello'): any {
  const cj: any = { metadata: { name, namespace: 'default' }, spec }
  cronJobStrategy.prepareForCreate!(cj)
  cronJobStrategy.defaults!(cj)
  return cj
}

const template = () => ({ spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'OnFailure' } } } })

void describe('cronScheduleError', () => {
  const cases: [string, string, string | undefined][] = [
    ['every minute', '* * * * *', undefined],
    ['ranges, steps and names', '*/15 9-17 * jan-jun mon-fri', undefined],
    ['descriptor', '@hourly', undefined],
    ['every', '@every 1h30m', undefined],
    ['empty', '', 'empty spec string'],
    ['too few fields', '* * *', 'expected exactly 5 fields, found 3: [* * *]'],
    ['minute above 59', '60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['day of week 7', '0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['not a number', 'x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['reversed range', '5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['day of month 0', '0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['unknown descriptor', '@sometimes', 'unrecognized descriptor: @sometimes'],
  ]
  for (const [name, schedule, want] of cases) void test(name, () => assert.equal(cronScheduleError(schedule), want))
})

void describe('cronJobStrategy', () => {
  void test('defaults, idempotent, valid', () => {
    const cj = cronJob({ schedule: '*/5 * * * *', jobTemplate: template() })
    assert.equal(cj.spec.concurrencyPolicy, 'Allow')
    assert.equal(cj.spec.suspend, false)
    assert.equal(cj.spec.successfulJobsHistoryLimit, 3)
    assert.equal(cj.spec.failedJobsHistoryLimit, 1)
    assert.equal(cj.spec.jobTemplate.metadata.creationTimestamp, null)
    assert.equal(cj.spec.jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst')
    assert.equal(cj.spec.jobTemplate.spec.backoffLimit, undefined)
    const once = structuredClone(cj)
    cronJobStrategy.defaults!(cj)
    assert.deepEqual(cj, once)
    assert.deepEqual(cronJobStrategy.validate!(cj), [])
  })

  const cases: [string, any, string[], string?][] = [
    ['schedule required', { jobTemplate: template() }, ['spec.schedule: Required value']],
    [
      'bad schedule',
      { schedule: '61 * * * *', jobTemplate: template() },
      ['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61'],
    ],
    [
      'TZ in schedule',
      { schedule: 'TZ=UTC 0 * * * *', jobTemplate: template() },
      ['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    ],
    ['unknown time zone', { schedule: '@daily', timeZone: 'Mars/Olympus', jobTemplate: template() }, ['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']],
    [
      'concurrency policy',
      { schedule: '@daily', concurrencyPolicy: 'Sometimes', jobTemplate: template() },
      ['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"'],
    ],
    [
      'selector in the job template',
      { schedule: '@daily', jobTemplate: { spec: { ...template().spec, selector: { matchLabels: { a: 'b' } } } } },
      [
        'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
      ],
    ],
    [
      'name longer than 52',
      { schedule: '@daily', jobTemplate: template() },
      [`metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`],
      'a'.repeat(53),
    ],
  ]
  for (const [name, spec, want, objName] of cases) {
    void test(`validate: ${name}`, () => assert.deepEqual(cronJobStrategy.validate!(cronJob(spec, objName)).map(fieldErrorString), want))
  }

  void test('table', () => {
    const cj = cronJob({ schedule: '*/5 * * * *', timeZone: 'Etc/UTC', jobTemplate: template() })
    cj.metadata.creationTimestamp = '2024-05-01T09:00:00Z'
    cj.status = { active: [{ name: 'hello-1' }], lastScheduleTime: '2024-05-01T09:55:00Z' }
    assert.deepEqual(cronJobStrategy.table!.cells(cj, NOW), ['hello', '*/5 * * * *', 'Etc/UTC', 'False', 1, '5m', '60m', 'c', 'busybox', '<none>'])
    assert.deepEqual(cronJobStrategy.info.shortNames, ['cj'])
  })
})
