// Everything a peer is started with, resolved once from flags, then the
// environment, then `<home>/peer.json` (written by `shoal up` so a restarted
// local peer comes back on the same port), then defaults.
import { multiaddr } from '@multiformats/multiaddr';
import { readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
export const WORKER_ROLES = ['chunkserver', 'worker'];
export const DEFAULT_PORT = 7420;
export class ConfigError extends Error {
    name = 'ConfigError';
}
export function resolveHome(flag) {
    return resolve(flag ?? process.env.SHOAL_HOME ?? join(homedir(), '.shoal'));
}
export function swarmFromEnv() {
    return (process.env.SHOAL_SWARM ?? '').split(/[\s,]+/).filter(s => s !== '');
}
export function parseRoles(text) {
    const roles = text.split(',').map(s => s.trim()).filter(s => s !== '');
    for (const role of roles) {
        if (!WORKER_ROLES.includes(role)) {
            throw new ConfigError(`unknown role "${role}" (roles: ${WORKER_ROLES.join(', ')})`);
        }
    }
    return roles;
}
const peerFile = (home) => join(home, 'peer.json');
async function readPeerFile(home) {
    try {
        return JSON.parse(await readFile(peerFile(home), 'utf8'));
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return {};
        throw new ConfigError(`cannot read ${peerFile(home)}: ${err.message}`);
    }
}
export async function writePeerFile(home, flags) {
    await writeFile(peerFile(home), JSON.stringify(flags, null, 2) + '\n');
}
const nonEmpty = (list) => list != null && list.length > 0 ? list : undefined;
function checkAddrs(what, addrs) {
    for (const addr of addrs) {
        try {
            multiaddr(addr);
        }
        catch (err) {
            throw new ConfigError(`bad ${what} address "${addr}": ${err.message}`);
        }
    }
    return addrs;
}
export async function loadPeerConfig(home, flags = {}) {
    const file = await readPeerFile(home);
    const config = {
        home,
        swarmKeyPath: resolve(home, flags.swarmKeyPath ?? file.swarmKeyPath ?? 'swarm.key'),
        listen: nonEmpty(flags.listen) ?? nonEmpty(file.listen) ?? [`/ip4/0.0.0.0/tcp/${DEFAULT_PORT}`],
        announce: nonEmpty(flags.announce) ?? nonEmpty(file.announce) ?? [],
        bootstrap: nonEmpty(flags.bootstrap) ?? nonEmpty(swarmFromEnv()) ?? nonEmpty(file.bootstrap) ?? [],
        roles: flags.roles ?? file.roles ?? [...WORKER_ROLES],
        voter: flags.voter ?? file.voter ?? false,
        exitWithPid: flags.exitWithPid ?? file.exitWithPid,
        testHooks: process.env.SHOAL_TEST_HOOKS === '1'
    };
    checkAddrs('listen', config.listen);
    checkAddrs('announce', config.announce);
    checkAddrs('--swarm', config.bootstrap);
    return config;
}
//# sourceMappingURL=config.js.map