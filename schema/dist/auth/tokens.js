import { createHash, randomBytes } from 'node:crypto';
import { setting } from '@opora/common/config';
// Bearer tokens: 256 random bits; only their SHA-256 is stored, so a database leak
// does not leak sessions.
export function newToken() {
    return randomBytes(32).toString('base64url');
}
export function hashToken(token) {
    return createHash('sha256').update(token, 'utf8').digest('hex');
}
export function sessionTtlMs() {
    return setting('OPORA_SESSION_TTL_MINUTES') * 60_000;
}
//# sourceMappingURL=tokens.js.map