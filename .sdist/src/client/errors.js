// Errors a client caller branches on by name. The CLI maps them to exit codes:
// UserError -> 1, SwarmUnavailableError -> 2.
export class UserError extends Error {
    name = 'UserError';
}
export class SwarmUnavailableError extends Error {
    name = 'SwarmUnavailableError';
}
export const HOW_TO_START = 'start a local swarm with `shoal up --peers 3`, or point at one with --swarm <multiaddr> or $SHOAL_SWARM';
//# sourceMappingURL=errors.js.map