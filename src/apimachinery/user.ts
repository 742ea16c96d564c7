/** The authenticated caller, as every layer after authentication sees it. */
export interface UserInfo {
  name: string
  uid?: string
  groups: string[]
  extra?: Record<string, string[]>
}

/** Who a server-internal write (controllers, bootstrap) is made as. */
export const SYSTEM_USER: UserInfo = { name: 'system:ks-apiserver', groups: ['system:masters'] }
