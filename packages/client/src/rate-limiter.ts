/**
 * A token bucket: `qps` tokens a second, at most `burst` saved up. wait() resolves when a token
 * is available (client-go's default client-side limit is 5 requests/s with a burst of 10).
 */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly qps: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst
    this.last = now()
  }

  /** Milliseconds until a token is free (0 = now); takes the token. */
  reserve(): number {
    const t = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.qps)
    this.last = t
    this.tokens -= 1
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000)
  }

  async wait(): Promise<void> {
    const ms = this.reserve()
    if (ms > 0) await new Promise((r) => setTimeout(r, ms))
  }
}
