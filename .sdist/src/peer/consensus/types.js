// The data the pure Raft core (core.ts) takes in and gives out. Nothing here
// does I/O: a driver persists, sends and applies what a Ready batch holds.
export var EntryType;
(function (EntryType) {
    /** An application command for the state machine. */
    EntryType[EntryType["Normal"] = 0] = "Normal";
    /** A single-server membership change; `data` is an encoded ConfChange. */
    EntryType[EntryType["ConfChange"] = 1] = "ConfChange";
    /** The empty entry a new leader appends to commit its term. */
    EntryType[EntryType["Noop"] = 2] = "Noop";
})(EntryType || (EntryType = {}));
export var MessageType;
(function (MessageType) {
    MessageType[MessageType["PreVote"] = 0] = "PreVote";
    MessageType[MessageType["PreVoteResponse"] = 1] = "PreVoteResponse";
    MessageType[MessageType["Vote"] = 2] = "Vote";
    MessageType[MessageType["VoteResponse"] = 3] = "VoteResponse";
    MessageType[MessageType["Append"] = 4] = "Append";
    MessageType[MessageType["AppendResponse"] = 5] = "AppendResponse";
    MessageType[MessageType["Snapshot"] = 6] = "Snapshot";
    /** Tells the target to campaign at once (leadership transfer). */
    MessageType[MessageType["TimeoutNow"] = 7] = "TimeoutNow";
    /** A leader's answer to a (pre-)vote request from a node its committed configuration no longer holds. */
    MessageType[MessageType["Removed"] = 8] = "Removed";
})(MessageType || (MessageType = {}));
export var Role;
(function (Role) {
    Role["Follower"] = "follower";
    Role["PreCandidate"] = "pre-candidate";
    Role["Candidate"] = "candidate";
    Role["Leader"] = "leader";
})(Role || (Role = {}));
//# sourceMappingURL=types.js.map