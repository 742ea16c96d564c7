/**
 * The process logger: JSON lines via pino. Authorization headers, passwords, tokens and Secret
 * data are redacted wherever they appear in a logged object.
 */
import { pino } from 'pino'

const level = process.env['KS_LOG_LEVEL'] ?? (process.env['NODE_ENV'] === 'test' ? 'warn' : 'info')

export const logger = pino({
  level,
  base: undefined,
  redact: {
    paths: [
      'req.headers.authorization',
      'headers.authorization',
      'authorization',
      'password',
      '*.password',
      'token',
      '*.token',
      'data',
      '*.data',
      'stringData',
      '*.stringData',
    ],
    censor: '[REDACTED]',
  },
})

export type Logger = typeof logger
