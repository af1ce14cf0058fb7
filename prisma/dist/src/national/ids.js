// Deterministic ids: UUID v4 layout (version and variant bits set) drawn from a seeded
// 32-bit generator, so the same seed gives the same ids on every machine and every run.
import { mulberry32 } from "../seed/random.js";
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
function hex32(n) {
    return HEX[(n >>> 24) & 255] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
}
export function uuidSource(seed) {
    const next = mulberry32(seed);
    const u32 = () => Math.floor(next() * 4294967296) >>> 0;
    return () => {
        const a = u32();
        const b = (u32() & 0xffff0fff) | 0x00004000; // version 4
        const c = (u32() & 0x3fffffff) | 0x80000000; // variant 10
        const d = u32();
        const hb = hex32(b);
        const hc = hex32(c);
        return `${hex32(a)}-${hb.slice(0, 4)}-${hb.slice(4)}-${hc.slice(0, 4)}-${hc.slice(4)}${hex32(d)}`;
    };
}
//# sourceMappingURL=ids.js.map