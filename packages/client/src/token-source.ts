/**
 * The bearer token of a client, re-read from its file when the cached copy is older than the
 * refresh period (a minute, as client-go does), with surrounding whitespace trimmed. When a
 * re-read fails the last good token is kept; only the first read may fail the request.
 */
import { readFile } from 'node:fs/promises'

export const TOKEN_REFRESH_MS = 60_000

export class FileTokenSource {
  private token: string | undefined
  private readAt = 0

  constructor(
    readonly path: string,
    initial?: string,
    private readonly periodMs = TOKEN_REFRESH_MS,
    private readonly now: () => number = Date.now,
  ) {
    if (initial) {
      this.token = initial.trim()
      this.readAt = this.now()
    }
  }

  async get(): Promise<string> {
    if (this.token !== undefined && this.now() - this.readAt < this.periodMs) return this.token
    try {
      this.token = (await readFile(this.path, 'utf8')).trim()
      this.readAt = this.now()
    } catch (err) {
      if (this.token === undefined) throw err
    }
    return this.token
  }
}
