import { createHash, randomInt } from 'node:crypto';
// One-time codes a person types or follows as a link: set-password (invitation) codes, a
// manager's reset codes, two-factor recovery codes. Crockford's base32 (no I, L, O, U), grouped
// for reading aloud; only the SHA-256 of the normalised code is stored. 16 characters are 80
// random bits: with the sign-in rate limit and a 72-hour life, guessing one is hopeless, so a
// fast hash is enough (the code is not a password a person chose).
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_TTL_MS = 72 * 60 * 60_000;
function randomCode(length, group) {
    let out = '';
    for (let i = 0; i < length; i++) {
        if (i && i % group === 0)
            out += '-';
        out += ALPHABET[randomInt(ALPHABET.length)];
    }
    return out;
}
/** A set-password or reset code: XXXX-XXXX-XXXX-XXXX (80 bits). */
export function newOneTimeCode() {
    return randomCode(16, 4);
}
/** A two-factor recovery code: XXXXX-XXXXX (50 bits; usable once, only after the password). */
export function newRecoveryCode() {
    return randomCode(10, 5);
}
/** Upper case, separators and spaces dropped, the look-alikes Crockford maps (O→0, I/L→1). */
export function normalizeCode(code) {
    return code
        .toUpperCase()
        .replace(/[^0-9A-Z]/g, '')
        .replace(/O/g, '0')
        .replace(/[IL]/g, '1');
}
export function hashCode(code) {
    return createHash('sha256').update(normalizeCode(code), 'utf8').digest('hex');
}
export function codeExpiry(now = Date.now()) {
    return new Date(now + CODE_TTL_MS);
}
//# sourceMappingURL=one-time-codes.js.map