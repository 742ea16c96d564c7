/** The SDK's version (kept equal to package.json by a test) and build commit, for the user agent. */
export const CLIENT_VERSION = '0.1.0'
export const CLIENT_COMMIT = 'unknown'
