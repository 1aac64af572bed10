// Why a dial failed, said plainly: a handshake refused for a different swarm
// key reads as just that.
import { describeError } from './log.js';
export function explainDialError(err) {
    const text = describeError(err);
    if (/EncryptionFailed|decryption|handshake/i.test(text))
        return `handshake refused: wrong swarm key? (${text})`;
    return text;
}
//# sourceMappingURL=dial-error.js.map