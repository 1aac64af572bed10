// What the crash test holds the Raft driver to, checked as members report and
// as their messages pass through the test process. A breach is kept as a line
// of text, so a failing run shows all of them.
import { MessageType } from '../../src/peer/consensus/types.js';
export class Invariants {
    violations = [];
    /** Per member, term → the candidate it voted for, from its messages, its durable hard states and what it loaded on restart. */
    votes = new Map();
    /** Term → the member that led it. */
    leaders = new Map();
    /** Per member, the highest term it spoke in (pre-votes name a term not begun) and its vote in that term. */
    said = new Map();
    /** Position in the applied sequence (from 1) → the command applied there. */
    applied = new Map();
    /** Commands acknowledged as committed → their position. */
    acked = new Map();
    /** A message `from` sent, whether or not it is delivered. */
    sent(from, m) {
        if (m.type === MessageType.PreVote || m.type === MessageType.PreVoteResponse)
            return;
        let vote = '';
        if (m.type === MessageType.Vote)
            vote = from;
        if (m.type === MessageType.VoteResponse && !m.reject)
            vote = m.to;
        this.speak(from, m.term, vote);
        if (vote !== '')
            this.voted(from, m.term, vote, 'on the wire');
        if (m.type === MessageType.Append || m.type === MessageType.Snapshot)
            this.led(from, m.term);
    }
    durable(member, term, vote) {
        this.speak(member, term, vote);
        if (vote !== '')
            this.voted(member, term, vote, 'persisted');
    }
    /** A new incarnation of `member` loaded `hardState`: it must remember every term and vote it ever spoke or persisted. */
    restarted(member, hardState) {
        const loaded = hardState ?? { term: 0, vote: '', commit: 0 };
        const said = this.said.get(member);
        if (said != null && loaded.term < said.term) {
            this.violations.push(`${member} restarted at term ${loaded.term}, having spoken in term ${said.term}`);
        }
        else if (said != null && loaded.term === said.term && said.vote !== '' && loaded.vote !== said.vote) {
            this.violations.push(`${member} restarted in term ${loaded.term} with vote '${loaded.vote}', having voted for ${said.vote}`);
        }
        this.speak(member, loaded.term, loaded.vote);
        if (loaded.vote !== '')
            this.voted(member, loaded.term, loaded.vote, 'on restart');
    }
    led(member, term) {
        const leader = this.leaders.get(term);
        if (leader === undefined)
            this.leaders.set(term, member);
        else if (leader !== member)
            this.violations.push(`two leaders in term ${term}: ${leader} and ${member}`);
    }
    appliedAt(member, pos, value) {
        const there = this.applied.get(pos);
        if (there === undefined)
            this.applied.set(pos, value);
        else if (there !== value)
            this.violations.push(`${member} applied ${value} as command ${pos}, where ${there} was applied before`);
    }
    acknowledged(value, pos) {
        this.acked.set(value, pos);
        this.appliedAt('the leader (its answer)', pos, value);
    }
    /** After healing: the members' whole applied sequences, and every command ever proposed. */
    final(sequences, proposed) {
        const [first, reference] = [...sequences][0];
        for (const [member, values] of sequences) {
            if (values.length !== reference.length || values.some((v, k) => v !== reference[k])) {
                this.violations.push(`${member} applied ${values.length} commands, ${first} ${reference.length}, and they differ`);
            }
        }
        for (const [value, pos] of this.acked) {
            if (reference[pos - 1] !== value)
                this.violations.push(`acknowledged ${value} (command ${pos}) is lost: ${reference[pos - 1] ?? 'nothing'} is there`);
        }
        const seen = new Set();
        for (const value of reference) {
            if (seen.has(value))
                this.violations.push(`${value} applied twice`);
            if (!proposed.has(value))
                this.violations.push(`${value} applied but never proposed`);
            seen.add(value);
        }
    }
    speak(member, term, vote) {
        const said = this.said.get(member);
        if (said == null || term > said.term)
            this.said.set(member, { term, vote });
        else if (term === said.term && vote !== '')
            said.vote = vote;
    }
    voted(member, term, candidate, how) {
        let votes = this.votes.get(member);
        if (votes == null)
            this.votes.set(member, votes = new Map());
        const before = votes.get(term);
        if (before === undefined)
            votes.set(term, candidate);
        else if (before !== candidate)
            this.violations.push(`${member} voted twice in term ${term}: for ${before}, then for ${candidate} (${how})`);
    }
}
//# sourceMappingURL=raft-crash-invariants.js.map