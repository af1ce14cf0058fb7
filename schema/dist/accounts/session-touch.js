import { LRUCache } from 'lru-cache';
// A session's "last use" is written at most once a minute per session and process, after the
// request (its own small transaction, auth_session_touch()), so ordinary requests pay nothing.
const TOUCH_EVERY_MS = 60_000;
const touched = new LRUCache({ max: 10_000 });
export function sessionTouchDue(sessionId, now = Date.now()) {
    const last = touched.get(sessionId);
    if (last !== undefined && now - last < TOUCH_EVERY_MS)
        return false;
    touched.set(sessionId, now);
    return true;
}
//# sourceMappingURL=session-touch.js.map