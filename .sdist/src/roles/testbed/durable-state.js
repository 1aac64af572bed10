// A test group's state kept in LMDB (the testbed's `durable` groups): every
// command applied, keyed by its log index, with the applied index written in
// the same transaction. It is its own snapshot: streamed from a read
// transaction, received into a new generation of keys, switched to in one
// transaction, so no process holds a whole snapshot in memory.
import { createHash, randomInt } from 'node:crypto';
const RECORD_HEADER = 12;
const LAST = Number.MAX_SAFE_INTEGER;
export class DurableTestState {
    group;
    durable = true;
    values;
    meta;
    generation;
    applied;
    /** A write lmdb refused: flush() reports it (a test state has no retry). */
    failure;
    constructor(store, group) {
        this.group = group;
        this.values = store.db('testbed/values', { encoding: 'binary' });
        this.meta = store.db('testbed/meta');
        this.generation = this.meta.get([group, 'generation']) ?? 0;
        this.applied = this.meta.get([group, 'applied']) ?? 0;
        // What an install cut short or a switch left behind.
        void this.dropOtherGenerations();
    }
    // lmdb commits writes made in one turn in one transaction, in order: the
    // value and the applied index land together, without waiting for the disk.
    apply(data, index) {
        this.values.put([this.group, this.generation, index], data).catch(err => { this.failure ??= err; });
        this.skip(index);
        return index;
    }
    skip(index) {
        this.meta.put([this.group, 'applied'], index).catch(err => { this.failure ??= err; });
        this.applied = index;
    }
    appliedIndex() {
        return this.applied;
    }
    async flush() {
        await this.values.committed;
        if (this.failure !== undefined)
            throw this.failure;
    }
    /** How many commands, and the sha256 of all of them in order. */
    digest() {
        const hash = createHash('sha256');
        let count = 0;
        for (const { value } of this.values.getRange({ start: [this.group, this.generation, 0], end: [this.group, this.generation, LAST] })) {
            hash.update(value);
            count++;
        }
        return { count, digest: hash.digest() };
    }
    readSnapshot() {
        const transaction = this.values.useReadTransaction();
        const generation = this.meta.get([this.group, 'generation'], { transaction }) ?? 0;
        const index = this.meta.get([this.group, 'applied'], { transaction }) ?? 0;
        const range = { start: [this.group, generation, 0], end: [this.group, generation, LAST], transaction };
        const values = this.values;
        return {
            index,
            *chunks() {
                for (const { key, value } of values.getRange(range))
                    yield record(key[2], value);
            },
            close: () => { transaction.done(); }
        };
    }
    beginInstall() {
        // Its own generation: transfers may overlap, and one abandoned must not touch another's keys.
        let staging = randomInt(2 ** 47);
        while (staging === this.generation)
            staging = randomInt(2 ** 47);
        const records = new RecordReader();
        let installedAt = 0;
        return {
            write: async (bytes) => {
                await this.values.transaction(() => {
                    records.read(bytes, (index, value) => { this.values.put([this.group, staging, index], value); });
                });
            },
            commit: index => {
                if (!records.atBoundary())
                    throw new Error('a snapshot ended inside a record');
                void this.meta.put([this.group, 'generation'], staging);
                void this.meta.put([this.group, 'applied'], index);
                installedAt = index;
            },
            committed: () => {
                const old = this.generation;
                this.generation = staging;
                this.applied = installedAt;
                void this.dropLater(old);
            },
            abort: () => { void this.dropLater(staging); }
        };
    }
    async dropOtherGenerations() {
        const others = new Set();
        for (const key of this.values.getKeys({ start: [this.group, 0, 0], end: [this.group, LAST, LAST] })) {
            if (key[1] !== this.generation)
                others.add(key[1]);
        }
        for (const generation of others)
            await this.dropLater(generation);
    }
    async dropLater(generation) {
        await this.values.transaction(() => { this.dropGeneration(generation); });
    }
    dropGeneration(generation) {
        for (const key of this.values.getKeys({ start: [this.group, generation, 0], end: [this.group, generation, LAST] }))
            this.values.remove(key);
    }
}
/** One command in a snapshot: its index (8 bytes), its length (4), its bytes. */
function record(index, value) {
    const bytes = new Uint8Array(RECORD_HEADER + value.length);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, BigInt(index));
    view.setUint32(8, value.length);
    bytes.set(value, RECORD_HEADER);
    return bytes;
}
/**
 * Splits a stream of records however its pieces were cut, copying only a
 * record that spans two pieces: the rest are handed on as views of the piece.
 */
class RecordReader {
    carry = new Uint8Array(0);
    atBoundary() {
        return this.carry.length === 0;
    }
    read(piece, onRecord) {
        let offset = 0;
        while (this.carry.length > 0 && offset < piece.length) {
            const want = this.carry.length < RECORD_HEADER ? RECORD_HEADER : RECORD_HEADER + lengthOf(this.carry, 0);
            const take = Math.min(want - this.carry.length, piece.length - offset);
            this.carry = Buffer.concat([this.carry, piece.subarray(offset, offset + take)]);
            offset += take;
            if (this.carry.length >= RECORD_HEADER && this.carry.length === RECORD_HEADER + lengthOf(this.carry, 0)) {
                onRecord(indexOf(this.carry, 0), this.carry.subarray(RECORD_HEADER));
                this.carry = new Uint8Array(0);
            }
        }
        while (piece.length - offset >= RECORD_HEADER && piece.length - offset - RECORD_HEADER >= lengthOf(piece, offset)) {
            const length = lengthOf(piece, offset);
            onRecord(indexOf(piece, offset), piece.subarray(offset + RECORD_HEADER, offset + RECORD_HEADER + length));
            offset += RECORD_HEADER + length;
        }
        if (offset < piece.length)
            this.carry = piece.slice(offset);
    }
}
function indexOf(bytes, offset) {
    return Number(new DataView(bytes.buffer, bytes.byteOffset + offset).getBigUint64(0));
}
function lengthOf(bytes, offset) {
    return new DataView(bytes.buffer, bytes.byteOffset + offset).getUint32(8);
}
//# sourceMappingURL=durable-state.js.map