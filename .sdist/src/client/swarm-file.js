// `<home>/swarm.json`: what `shoal up` leaves for every later command to find
// the local swarm: the swarm key's path and each peer's id, pid, addrs, home.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from './errors.js';
export const swarmFilePath = (home) => join(home, 'swarm.json');
export async function readSwarmFile(home) {
    let text;
    try {
        text = await readFile(swarmFilePath(home), 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return undefined;
        throw err;
    }
    try {
        const parsed = JSON.parse(text);
        if (typeof parsed.swarmKey !== 'string' || !Array.isArray(parsed.peers))
            throw new Error('missing swarmKey or peers');
        return parsed;
    }
    catch (err) {
        throw new UserError(`${swarmFilePath(home)} is damaged (${err.message}); run \`shoal up\` again`);
    }
}
export async function writeSwarmFile(home, file) {
    const path = swarmFilePath(home);
    await writeFile(`${path}.tmp`, JSON.stringify(file, null, 2) + '\n');
    await rename(`${path}.tmp`, path);
}
//# sourceMappingURL=swarm-file.js.map