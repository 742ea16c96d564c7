/** Any failure to parse or evaluate a policy; callers treat it as "the policy does not allow". */
export class RegoError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RegoError'
  }
}
