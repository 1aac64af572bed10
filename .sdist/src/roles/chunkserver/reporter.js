// Tells the master what this chunk server holds: everything, in pages, to
// each new master (and again after any failed report), then what it gained,
// lost or found corrupt, a few times a second. Reports go out one at a time,
// so the master applies them in order.
import { ChunkReport, ChunkReportAck } from '../../../protocols/dfs/dfs.js';
import { CHUNK_REPORT_PROTOCOL, serverAddrs } from '../../../protocols/dfs/wire.js';
import { describeError } from '../../peer/log.js';
import { call } from '../../peer/rpc.js';
const REPORT_INTERVAL_MS = 200;
const PAGE = 8_192;
const REPORT_TIMEOUT_MS = 10_000;
export class Reporter {
    context;
    added = new Set();
    removed = new Set();
    corrupt = new Set();
    /** The master (id and term) that has this server's full report. */
    reportedTo = '';
    timer;
    running = false;
    constructor(context) {
        this.context = context;
    }
    start() {
        this.timer = setInterval(() => { void this.tick(); }, REPORT_INTERVAL_MS);
    }
    stop() {
        clearInterval(this.timer);
    }
    stored(cid) {
        this.removed.delete(cid);
        this.added.add(cid);
    }
    deleted(cid) {
        this.added.delete(cid);
        this.removed.add(cid);
    }
    foundCorrupt(cid) {
        this.corrupt.add(cid);
    }
    async tick() {
        if (this.running)
            return;
        const master = this.context.view.leader('master');
        if (master == null)
            return;
        this.running = true;
        const key = `${master.id}@${master.term}`;
        try {
            if (this.reportedTo !== key) {
                await this.fullReport(master.id, master.term);
                this.reportedTo = key;
            }
            else if (this.added.size + this.removed.size + this.corrupt.size > 0) {
                await this.changes(master.id, master.term);
            }
        }
        catch (err) {
            this.reportedTo = '';
            this.context.log(`report to master ${master.id} failed: ${describeError(err)}`);
        }
        finally {
            this.running = false;
        }
    }
    async fullReport(master, term) {
        // What changes while the listing runs is sent after it, as changes.
        this.added.clear();
        this.removed.clear();
        let page = [];
        for await (const cid of this.context.store.list()) {
            page.push(cid.toString());
            if (page.length === PAGE) {
                await this.send(master, { term, full: true, last: false, added: page, removed: [], corrupt: [] });
                page = [];
            }
        }
        await this.send(master, { term, full: true, last: true, added: page, removed: [], corrupt: [...this.corrupt] });
        this.corrupt.clear();
    }
    async changes(master, term) {
        const report = { term, full: false, last: true, added: [...this.added], removed: [...this.removed], corrupt: [...this.corrupt] };
        this.added.clear();
        this.removed.clear();
        this.corrupt.clear();
        await this.send(master, report);
    }
    async send(master, report) {
        const { node, view } = this.context;
        const self = master === node.peerId.toString();
        const addrs = serverAddrs({ id: master, addrs: view.get(master)?.heartbeat.addrs ?? [] });
        if (addrs.length === 0 && !self)
            throw new Error('its addresses are not known yet');
        const target = self ? node.peerId : addrs;
        const ack = await call(node, target, report, {
            protocol: CHUNK_REPORT_PROTOCOL, request: ChunkReport, response: ChunkReportAck, signal: AbortSignal.timeout(REPORT_TIMEOUT_MS)
        });
        if (ack.error !== '')
            throw new Error(`master answered ${ack.error}`);
    }
}
//# sourceMappingURL=reporter.js.map