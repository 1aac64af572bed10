// One coded error for every service: a code callers branch on, a message for
// people, and an optional hint (the leader to ask instead, the group that
// owns a key). It crosses the wire as those fields; the CLI exits 1 for a
// code that is the caller's to fix and 2 for one that says the swarm could
// not serve.
export class CodedError extends Error {
    code;
    hint;
    name = 'CodedError';
    constructor(code, message, hint = {}) {
        super(message);
        this.code = code;
        this.hint = hint;
    }
}
/** Refusals that are the caller's to fix: a bad request, or one the state says no to. */
export const USER_CODES = new Set([
    'NOT_FOUND', 'EXISTS', 'BAD_PATH', 'BAD_REQUEST', 'IS_A_DIRECTORY', 'NOT_A_DIRECTORY', 'NOT_EMPTY',
    'TOO_FEW_SERVERS', 'TOO_LARGE', 'SESSION_EXPIRED', 'STALE_REQUEST', 'CORRUPT'
]);
//# sourceMappingURL=errors.js.map