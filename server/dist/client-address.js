import { isIP } from 'node:net';
/**
 * The client's address, for sign-in throttling, rate limits and the audit trail.
 *
 * Behind a reverse proxy the socket's peer is the proxy. Only a proxy named in
 * OPORA_TRUSTED_PROXIES may say who the client is (X-Forwarded-For): walking the header from
 * the right, the first address no trusted proxy vouches for is the client. Whatever stands
 * left of it came from the client and could be forged, so it is never believed; without a
 * trusted peer the header is ignored altogether.
 */
export function clientAddress(req, trustedProxies) {
    const peer = normalize(req.socket.remoteAddress);
    if (!peer || !trustedProxies.has(peer))
        return peer;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((h) => normalize(h.trim()));
    for (let i = hops.length - 1; i >= 0; i--) {
        const hop = hops[i];
        if (!hop)
            return peer; // an empty or malformed hop: believe nothing beyond the proxy
        if (!trustedProxies.has(hop))
            return hop;
    }
    return peer;
}
/**
 * Whether the request reached us over TLS: our own socket is encrypted, or a trusted proxy
 * (OPORA_TRUSTED_PROXIES) terminated TLS and says so in X-Forwarded-Proto. From anyone else
 * the header is ignored, like X-Forwarded-For.
 */
export function cameOverTls(req, trustedProxies) {
    if (req.socket.encrypted)
        return true;
    const peer = normalize(req.socket.remoteAddress);
    if (!peer || !trustedProxies.has(peer))
        return false;
    const header = req.headers['x-forwarded-proto'];
    // The proxy nearest to us appends last.
    const protos = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((p) => p.trim().toLowerCase());
    return protos[protos.length - 1] === 'https';
}
/** The address as one form: IPv4-mapped IPv6 ("::ffff:10.0.0.1") becomes plain IPv4; not an IP → null. */
function normalize(address) {
    if (!address)
        return null;
    const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    return isIP(plain) ? plain.toLowerCase() : null;
}
/** OPORA_TRUSTED_PROXIES: comma-separated addresses; anything that is not an IP address is refused. */
export function parseTrustedProxies(value) {
    const list = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const bad = list.filter((a) => !normalize(a));
    if (bad.length)
        throw new Error(`not an IP address: ${bad.join(', ')}`);
    return list.map((a) => normalize(a));
}
//# sourceMappingURL=client-address.js.map