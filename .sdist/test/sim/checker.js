// Raft's safety properties (Figure 3 of the paper), checked incrementally as
// a simulation runs: every persisted entry, every applied entry and every
// step's role is reported here, and the first violation throws with `where`.
import { EntryType } from '../../src/peer/consensus/types.js';
export class InvariantViolation extends Error {
    name = 'InvariantViolation';
}
const decoder = new TextDecoder();
/** What an entry says, as a string two entries can be compared by. */
export function digest(e) {
    return `${EntryType[e.type]}:${decoder.decode(e.data)}`;
}
/** The state machine: a hash chain over what it applied (FNV-1a). */
export function mix(hash, text) {
    let h = (hash ^ 0x811c9dc5) >>> 0;
    for (let i = 0; i < text.length; i++)
        h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h;
}
export class Checker {
    /** Says where the run is (seed, tick, step); prefixed to every violation. */
    where = '';
    /** Counted by the simulation, one per event it feeds a node. */
    steps = 0;
    leaderOf = new Map();
    leaders = new Map();
    /** 'index:term' -> 'prevTerm|digest': an (index, term) pins the entry and its predecessor. */
    links = new Map();
    /** index -> term, and the lowest term of a node seen applying it (it was committed in that term or before). */
    committed = new Map();
    canon = new Map();
    machines = new Map();
    /** node -> term -> the vote it persisted in that term; kept across restarts (and disk loss), as a vote is forever. */
    votes = new Map();
    /** Terms that had a leader. */
    get elections() {
        return this.leaderOf.size;
    }
    fail(what) {
        throw new InvariantViolation(`${this.where} step ${this.steps}: ${what}`);
    }
    /** After every step: the role of each node the step touched. */
    role(id, isLeader, term, logTerm) {
        if (!isLeader) {
            this.leaders.delete(id);
            return;
        }
        const other = this.leaderOf.get(term);
        if (other !== undefined && other !== id)
            this.fail(`election safety: ${other} and ${id} both lead term ${term}`);
        const known = this.leaders.get(id);
        if (known?.term === term)
            return;
        this.leaderOf.set(term, id);
        this.leaders.set(id, { term, logTerm });
        for (const [index, c] of this.committed)
            this.checkHas(id, term, logTerm, index, c);
    }
    down(id) {
        this.leaders.delete(id);
        this.machines.delete(id);
    }
    /** `entries` were persisted after an entry of term `prevTerm`. */
    persisted(id, entries, prevTerm) {
        for (const e of entries) {
            const key = `${e.index}:${e.term}`;
            const link = `${prevTerm}|${digest(e)}`;
            const seen = this.links.get(key);
            if (seen === undefined)
                this.links.set(key, link);
            else if (seen !== link)
                this.fail(`log matching: ${id} has ${key} as ${link}, another node as ${seen}`);
            prevTerm = e.term;
        }
    }
    /** A node persisted its hard state: it may grant at most one vote per term, whatever happened to its disk. */
    voted(id, term, vote) {
        if (vote === '')
            return;
        let byTerm = this.votes.get(id);
        if (byTerm === undefined)
            this.votes.set(id, byTerm = new Map());
        const earlier = byTerm.get(term);
        if (earlier === undefined)
            byTerm.set(term, vote);
        else if (earlier !== vote)
            this.fail(`one vote per term: ${id} voted for ${earlier} and then for ${vote} in term ${term}`);
    }
    /** A node's state machine (re)starts from a snapshot, or from nothing at index 0. */
    start(id, index, hash) {
        const c = this.canon.get(index);
        if (index > 0 && c !== undefined && c.hash !== hash)
            this.fail(`state machine safety: ${id} restored index ${index} to a different state`);
        if (index > 0 && c === undefined)
            this.canon.set(index, { digest: '(snapshot)', hash });
        this.machines.set(id, { index, hash });
    }
    /** Node `id`, in `term`, applies `e`. */
    apply(id, e, term) {
        const m = this.machines.get(id) ?? this.fail(`${id} applies before starting`);
        if (e.index !== m.index + 1)
            this.fail(`state machine safety: ${id} applies ${e.index} after ${m.index}`);
        const d = digest(e);
        m.index = e.index;
        m.hash = mix(m.hash, d);
        const c = this.canon.get(e.index);
        if (c === undefined)
            this.canon.set(e.index, { digest: d, hash: m.hash });
        else if (c.hash !== m.hash)
            this.fail(`state machine safety: ${id} applied ${e.index} as ${d}, another node as ${c.digest}`);
        const known = this.committed.get(e.index);
        if (known !== undefined && known.term !== e.term)
            this.fail(`${e.index} committed with terms ${known.term} and ${e.term}`);
        if (known !== undefined && known.at <= term)
            return;
        const c2 = { term: e.term, at: term };
        this.committed.set(e.index, c2);
        for (const [leader, l] of this.leaders)
            this.checkHas(leader, l.term, l.logTerm, e.index, c2);
    }
    /** What the first node to apply `index` applied there. */
    appliedAt(index) {
        return this.canon.get(index)?.digest;
    }
    /** Leader completeness: a leader of a term after the one an entry was committed in holds it. */
    checkHas(id, term, logTerm, index, c) {
        if (term <= c.at)
            return;
        const t = logTerm(index);
        if (t !== 'compacted' && t !== c.term) {
            this.fail(`leader completeness: ${id}, leader of term ${term}, has ${t ?? 'nothing'} at ${index}, committed with term ${c.term} by term ${c.at}`);
        }
    }
}
//# sourceMappingURL=checker.js.map