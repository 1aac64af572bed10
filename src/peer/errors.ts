// One coded error for every service: a code callers branch on, a message for
// people, and an optional hint (the leader to ask instead, the group that
// owns a key). It crosses the wire as those fields; the CLI exits 1 for a
// code that is the caller's to fix and 2 for one that says the swarm could
// not serve.

export interface ErrorHint {
  leader?: string
  group?: string
}

export class CodedError extends Error {
  override name = 'CodedError'
  constructor (readonly code: string, message: string, readonly hint: ErrorHint = {}) {
    super(message)
  }
}

/** Refusals that are the caller's to fix: a bad request, or one the state says no to. */
export const USER_CODES: ReadonlySet<string> = new Set([
  'NOT_FOUND', 'EXISTS', 'BAD_PATH', 'BAD_REQUEST', 'IS_A_DIRECTORY', 'NOT_A_DIRECTORY', 'NOT_EMPTY',
  'TOO_FEW_SERVERS', 'TOO_LARGE', 'SESSION_EXPIRED', 'STALE_REQUEST', 'CORRUPT',
  'GROUP_EXISTS', 'NO_SUCH_GROUP', 'BAD_SHARD'
])
