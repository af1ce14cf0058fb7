import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import helmet from 'helmet';
// The browser side of security (issue 13, point 7): response headers from helmet (a
// well-kept library for exactly this), and the session token in an HttpOnly cookie that no
// script can read.
/**
 * Content-Security-Policy: only the app's own files run (no inline script, no eval, nothing
 * from elsewhere), no framing, no plugins, no <base> tricks, forms post only here. The Vite
 * build has no inline script (checked by tests/src/browser/security.test.ts on the real build).
 */
function headersFor(overTls) {
    return helmet({
        contentSecurityPolicy: {
            useDefaults: false,
            directives: {
                'default-src': ["'self'"],
                'script-src': ["'self'"],
                'style-src': ["'self'"],
                'img-src': ["'self'", 'data:'],
                'font-src': ["'self'"],
                'connect-src': ["'self'"],
                'manifest-src': ["'self'"],
                'worker-src': ["'self'"],
                'object-src': ["'none'"],
                'base-uri': ["'none'"],
                'form-action': ["'self'"],
                'frame-ancestors': ["'none'"],
                // Over plain http (a laptop on localhost) upgrading would break every request.
                ...(overTls ? { 'upgrade-insecure-requests': [] } : {}),
            },
        },
        referrerPolicy: { policy: 'no-referrer' },
        // HSTS only when the request came over TLS: on plain http it would mean nothing, and
        // sent for localhost it would break every other local http service in that browser.
        strictTransportSecurity: overTls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
        xFrameOptions: { action: 'deny' },
        crossOriginOpenerPolicy: { policy: 'same-origin' },
        crossOriginResourcePolicy: { policy: 'same-origin' },
        xContentTypeOptions: true,
    });
}
const PLAIN = headersFor(false);
const TLS = headersFor(true);
/** Browser features the app never uses, turned off for it and anything it could embed. */
const PERMISSIONS_POLICY = [
    'accelerometer=()',
    'autoplay=()',
    'browsing-topics=()',
    'camera=()',
    'display-capture=()',
    'geolocation=()',
    'gyroscope=()',
    'magnetometer=()',
    'microphone=()',
    'midi=()',
    'payment=()',
    'usb=()',
].join(', ');
/**
 * Every answer carries the security headers. `withoutCsp` is for the development API's
 * landing page (Apollo Sandbox runs inline scripts from a CDN); never in production.
 */
export function setSecurityHeaders(req, res, overTls, options = {}) {
    (overTls ? TLS : PLAIN)(req, res, () => undefined);
    res.setHeader('permissions-policy', PERMISSIONS_POLICY);
    if (options.withoutCsp)
        res.removeHeader('content-security-policy');
}
// ── The session cookie ──────────────────────────────────────────────────────────────────
// HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Path=/.
// Over TLS it is Secure with the __Host- prefix (the browser then also refuses it without
// Secure, with a Domain, or with another path). On plain http (a laptop on localhost) a
// browser drops Secure cookies, so it is the same cookie without Secure under a plain name.
export const SESSION_COOKIE_TLS = '__Host-opora_session';
export const SESSION_COOKIE_PLAIN = 'opora_session';
/** The session token a request's cookie carries (the TLS name first), or null. */
export function sessionCookieToken(header) {
    if (!header)
        return null;
    const cookies = parseCookies(header);
    const value = cookies[SESSION_COOKIE_TLS] ?? cookies[SESSION_COOKIE_PLAIN];
    return value && /^[A-Za-z0-9_-]{10,200}$/.test(value) ? value : null;
}
export function sessionCookie(token, expiresAt, overTls) {
    return serializeCookie(overTls ? SESSION_COOKIE_TLS : SESSION_COOKIE_PLAIN, token, {
        httpOnly: true,
        secure: overTls,
        sameSite: 'strict',
        path: '/',
        expires: expiresAt,
    });
}
/** Set-Cookie values that remove the session cookie under either name. */
export function clearedSessionCookies(overTls) {
    const gone = { httpOnly: true, sameSite: 'strict', path: '/', expires: new Date(0), maxAge: 0 };
    return [
        serializeCookie(SESSION_COOKIE_PLAIN, '', { ...gone, secure: overTls }),
        ...(overTls ? [serializeCookie(SESSION_COOKIE_TLS, '', { ...gone, secure: true })] : []),
    ];
}
/**
 * Cookie authentication may not be driven from another site: a request authenticated by the
 * cookie must carry a header no form, link or image can send (a cross-site script would need
 * a CORS preflight, which this server never grants). The same headers Apollo's CSRF
 * prevention accepts; /graphql POSTs are covered by Apollo itself (JSON content type).
 */
export function hasCsrfHeader(req) {
    return Boolean(req.headers['apollo-require-preflight'] || req.headers['x-apollo-operation-name']);
}
/** The request's session token: `Authorization: Bearer` (API clients) first, else the cookie. */
export function requestToken(req, bearer) {
    const fromHeader = bearer(req.headers.authorization);
    if (fromHeader)
        return { token: fromHeader, viaCookie: false };
    const fromCookie = sessionCookieToken(req.headers.cookie);
    return { token: fromCookie, viaCookie: fromCookie !== null };
}
//# sourceMappingURL=browser-security.js.map