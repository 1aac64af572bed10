// One line per event on stderr: `<iso time> <peer> <scope>: message`.
// A peer whose parent died gets EPIPE on its output; it must stop writing
// rather than spin on the error (notes/libp2p-swarm.md, item 9).
let outputBroken = false;
process.stderr.on('error', () => { outputBroken = true; });
let peerName = '';
export function setLogPeerName(name) { peerName = name; }
export const logQuiet = { enabled: process.env.SHOAL_QUIET === '1' };
function write(scope, message) {
    if (outputBroken || logQuiet.enabled)
        return;
    process.stderr.write(`${new Date().toISOString()} ${peerName} ${scope}: ${message}\n`);
}
export function describeError(err) {
    if (err instanceof Error)
        return `${err.name}: ${err.message}`;
    return String(err);
}
export function logger(scope) {
    const log = ((message) => { write(scope, message); });
    log.error = (message, err) => { write(scope, err == null ? message : `${message}: ${describeError(err)}`); };
    log.child = (sub) => logger(`${scope}:${sub}`);
    return log;
}
//# sourceMappingURL=log.js.map