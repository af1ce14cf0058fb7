// A tiny seeded PRNG (mulberry32): the demo must come out the same on every machine and
// every run for a given `today`, so tests and screenshots can rely on it. Math.random is
// never used in the seed.
export function mulberry32(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
// FNV-1a: turns a label into a seed for a forked stream.
function hash(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
}
export function createRng(seed) {
    const seedNumber = typeof seed === 'number' ? seed : hash(seed);
    const next = mulberry32(seedNumber);
    const rng = {
        next,
        int: (min, max) => min + Math.floor(next() * (max - min + 1)),
        chance: (p) => next() < p,
        pick: (items) => {
            if (items.length === 0)
                throw new Error('pick from an empty list');
            return items[Math.floor(next() * items.length)];
        },
        weighted: (items) => {
            const total = items.reduce((s, [, w]) => s + w, 0);
            let r = next() * total;
            for (const [value, w] of items) {
                r -= w;
                if (r < 0)
                    return value;
            }
            return items[items.length - 1][0];
        },
        sample: (items, k) => rng.shuffle(items).slice(0, Math.min(k, items.length)),
        shuffle: (items) => {
            const a = [...items];
            for (let i = a.length - 1; i > 0; i--) {
                const j = Math.floor(next() * (i + 1));
                [a[i], a[j]] = [a[j], a[i]];
            }
            return a;
        },
        fork: (label) => createRng((seedNumber ^ hash(label)) >>> 0),
    };
    return rng;
}
//# sourceMappingURL=random.js.map