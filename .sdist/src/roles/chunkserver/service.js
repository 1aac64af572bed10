// The chunk server role: stores chunks in this peer's LMDB, serves puts down
// replica chains and gets, obeys the master's replicate and delete commands,
// reports what it holds, announces it on the DHT, and scrubs in the
// background.
import { setTimeout as sleep } from 'node:timers/promises';
import { CHUNK_COMMAND_PROTOCOL, CHUNK_GET_PROTOCOL, CHUNK_PUT_PROTOCOL } from '../../../protocols/dfs/wire.js';
import { durationFromEnv } from '../../peer/env.js';
import { unserve } from '../../peer/rpc.js';
import { Announcer } from './announcer.js';
import { ChunkStore } from './chunk-store.js';
import { serveCommands } from './commands.js';
import { Reporter } from './reporter.js';
import { serveGet, servePut } from './transfer.js';
/** Pause between scrub passes; `SHOAL_SCRUB_INTERVAL_MS` overrides it (tests). */
const SCRUB_INTERVAL_MS = durationFromEnv('SHOAL_SCRUB_INTERVAL_MS', 10 * 60_000);
export function chunkserverRole(context) {
    return new ChunkServer(context);
}
class ChunkServer {
    context;
    reporter;
    announcer;
    store;
    stopping = new AbortController();
    constructor(context) {
        this.context = context;
        const { node, view, log } = context;
        this.announcer = new Announcer(node.contentRouting, log.child('dht'));
        this.store = new ChunkStore(context.store, {
            log,
            onStored: cid => {
                this.reporter.stored(cid.toString());
                this.announcer.provide(cid);
            },
            onDeleted: cid => {
                this.reporter.deleted(cid.toString());
                this.announcer.withdraw(cid);
            }
        });
        this.reporter = new Reporter({ node, view, store: this.store, log });
    }
    async start() {
        const { node, fence, log } = this.context;
        const transfer = { node, store: this.store, log, onActivity: () => { this.announcer.busy(); } };
        await servePut(transfer);
        await serveGet(transfer);
        await serveCommands({ node, store: this.store, fence, log });
        this.reporter.start();
        void this.announceAll();
        void this.scrubForever();
    }
    async stop() {
        this.stopping.abort();
        this.reporter.stop();
        this.announcer.stop();
        await unserve(this.context.node, [CHUNK_PUT_PROTOCOL, CHUNK_GET_PROTOCOL, CHUNK_COMMAND_PROTOCOL]);
    }
    /** Provider records live in memory: after a restart every chunk is announced again. */
    async announceAll() {
        for await (const cid of this.store.list()) {
            if (this.stopping.signal.aborted)
                return;
            this.announcer.provide(cid);
        }
    }
    async scrubForever() {
        const { signal } = this.stopping;
        try {
            while (!signal.aborted) {
                await sleep(SCRUB_INTERVAL_MS, undefined, { signal });
                for await (const cid of this.store.scrub({ signal }))
                    this.reporter.foundCorrupt(cid.toString());
            }
        }
        catch (err) {
            if (!signal.aborted)
                this.context.log.error('scrub stopped', err);
        }
    }
}
//# sourceMappingURL=service.js.map