// The swarm's pre-shared key. It is bound into every Noise handshake as the
// prologue (notes/libp2p-bulk.md), so a peer or client without it cannot
// complete a connection. The key is 32 random bytes: the handshake lets an
// observer test guesses offline, so it must not be guessable.
import { createHmac, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
const HEADER = '/shoal/swarm-key/1.0.0';
const KEY_BYTES = 32;
export class SwarmKeyError extends Error {
    name = 'SwarmKeyError';
}
export function generateSwarmKey() {
    return new Uint8Array(randomBytes(KEY_BYTES));
}
export function formatSwarmKey(key) {
    return `${HEADER}\n${Buffer.from(key).toString('hex')}\n`;
}
export function parseSwarmKey(text, source = 'swarm key') {
    const [header, hex] = text.trim().split(/\s+/);
    if (header !== HEADER || hex == null || !/^[0-9a-f]+$/i.test(hex) || hex.length !== KEY_BYTES * 2) {
        throw new SwarmKeyError(`${source} is not a Shoal swarm key (expected "${HEADER}" then ${KEY_BYTES * 2} hex digits; make one with \`shoal keygen\`)`);
    }
    return new Uint8Array(Buffer.from(hex, 'hex'));
}
export async function readSwarmKey(path) {
    let text;
    try {
        text = await readFile(path, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            throw new SwarmKeyError(`no swarm key at ${path} (make one with \`shoal keygen\`, or copy the swarm's key there)`);
        throw err;
    }
    return parseSwarmKey(text, path);
}
export async function writeSwarmKey(path, key, options = {}) {
    await writeFile(path, formatSwarmKey(key), { mode: 0o600, flag: options.overwrite === true ? 'w' : 'wx' });
}
/** The Noise prologue: both sides mix it into the handshake hash. */
export function swarmPrologue(key) {
    return new Uint8Array(createHmac('sha256', key).update('shoal swarm v1').digest());
}
//# sourceMappingURL=swarm-key.js.map