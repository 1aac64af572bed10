// A small seeded PRNG (mulberry32) so every simulated run replays exactly from its seed.
export class Rng {
    state;
    constructor(seed) {
        this.state = seed >>> 0;
    }
    /** Uniform in [0, 1). */
    next() {
        this.state = (this.state + 0x6D2B79F5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    /** Uniform integer in [0, n). */
    int(n) { return Math.floor(this.next() * n); }
    chance(p) { return this.next() < p; }
    pick(items) { return items[this.int(items.length)]; }
    shuffle(items) {
        for (let i = items.length - 1; i > 0; i--) {
            const j = this.int(i + 1);
            [items[i], items[j]] = [items[j], items[i]];
        }
        return items;
    }
    /** An independent generator seeded from this one. */
    fork() { return new Rng(this.int(2 ** 32)); }
}
//# sourceMappingURL=prng.js.map