// Which chunk server holds which chunk, as the master knows it. Not in the
// log: it is a cache of what chunk servers report (a full report when a new
// master takes over, then what they gain and lose) and of what puts and
// repairs confirm, so a new master rebuilds it in a few seconds.
export class LocationMap {
    byChunk = new Map();
    byServer = new Map();
    /** A full report arriving page by page; it replaces the server's set on its last page. */
    assembling = new Map();
    reported = new Set();
    add(server, cid) {
        link(this.byChunk, cid, server);
        link(this.byServer, server, cid);
    }
    remove(server, cid) {
        unlink(this.byChunk, cid, server);
        unlink(this.byServer, server, cid);
    }
    /** The servers known to hold `cid`, whatever their liveness. */
    holders(cid) {
        return [...this.byChunk.get(cid) ?? []];
    }
    /** Every chunk some server is known to hold. */
    chunks() {
        return this.byChunk.keys();
    }
    /** True once `server` has sent a whole full report to this master. */
    hasReported(server) {
        return this.reported.has(server);
    }
    /** Applies a report page; a full report's last page replaces everything known of the server. */
    report(server, page) {
        for (const cid of page.removed)
            this.remove(server, cid);
        if (!page.full) {
            for (const cid of page.added)
                this.add(server, cid);
            return;
        }
        const listed = this.assembling.get(server) ?? new Set();
        for (const cid of page.added)
            listed.add(cid);
        this.assembling.set(server, listed);
        if (!page.last)
            return;
        this.assembling.delete(server);
        for (const cid of this.byServer.get(server) ?? []) {
            if (!listed.has(cid))
                this.remove(server, cid);
        }
        for (const cid of listed)
            this.add(server, cid);
        this.reported.add(server);
    }
}
function link(map, key, value) {
    let set = map.get(key);
    if (set === undefined) {
        set = new Set();
        map.set(key, set);
    }
    set.add(value);
}
function unlink(map, key, value) {
    const set = map.get(key);
    if (set === undefined)
        return;
    set.delete(value);
    if (set.size === 0)
        map.delete(key);
}
//# sourceMappingURL=locations.js.map