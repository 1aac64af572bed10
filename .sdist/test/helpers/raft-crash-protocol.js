export const CRASH_GROUP = 'crash';
export const CRASH_TIMING = { tickMs: 5, electionTicks: 10, heartbeatTicks: 2 };
/** Small, so members compact often and one that was down long catches up by snapshot. */
export const CRASH_SNAPSHOT_EVERY = 64;
//# sourceMappingURL=raft-crash-protocol.js.map