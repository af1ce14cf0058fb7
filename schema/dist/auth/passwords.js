import { availableParallelism } from 'node:os';
import argon2 from 'argon2';
// argon2id (OWASP's first choice). Unknown emails are verified against a dummy hash so a
// wrong email and a wrong password take the same time.
let dummyHash;
// At most (cores − 1) hashes at once (at least one): a flood of sign-ins waits its turn here,
// holding no database connection, instead of taking every core from the requests being served.
const HASHES_AT_ONCE = Math.max(1, availableParallelism() - 1);
let hashing = 0;
const waiting = [];
async function limited(work) {
    if (hashing >= HASHES_AT_ONCE)
        await new Promise((resolve) => waiting.push(resolve));
    else
        hashing++;
    try {
        return await work();
    }
    finally {
        const next = waiting.shift();
        if (next)
            next(); // the turn passes on: `hashing` stays the same
        else
            hashing--;
    }
}
export function hashPassword(password) {
    return limited(() => argon2.hash(password, { type: argon2.argon2id }));
}
export async function verifyPassword(hash, password) {
    const target = hash && hash.startsWith('$argon2') ? hash : await (dummyHash ??= hashPassword('opora-dummy-password'));
    try {
        const ok = await limited(() => argon2.verify(target, password));
        return ok && target === hash;
    }
    catch {
        return false;
    }
}
//# sourceMappingURL=passwords.js.map