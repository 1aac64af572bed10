// The peer's libp2p identity: an Ed25519 key kept in `<home>/peer.key` (0600),
// made on first start so a peer keeps its id across restarts.
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import { readFile, writeFile } from 'node:fs/promises';
export async function loadOrCreateIdentity(path) {
    try {
        return privateKeyFromProtobuf(await readFile(path));
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw new Error(`cannot read peer identity ${path}: ${err.message}`);
    }
    const key = await generateKeyPair('Ed25519');
    await writeFile(path, privateKeyToProtobuf(key), { mode: 0o600, flag: 'wx' });
    return key;
}
export async function ephemeralIdentity() {
    return generateKeyPair('Ed25519');
}
//# sourceMappingURL=identity.js.map