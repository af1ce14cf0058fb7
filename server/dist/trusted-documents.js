import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Kind, parse, print, visit } from 'graphql';
export function sha256(text) {
    return createHash('sha256').update(text, 'utf8').digest('hex');
}
/** The canonical text of a document (same rules as web/scripts/trusted-documents.mjs). */
export function canonicalDocument(source) {
    const document = typeof source === 'string' ? parse(source, { noLocation: true }) : source;
    const stripped = visit(document, {
        Field: (node) => (node.name.value === '__typename' && !node.alias ? null : undefined),
    });
    const key = (d) => `${d.kind === Kind.OPERATION_DEFINITION ? '0' : '1'}:${'name' in d && d.name ? d.name.value : ''}`;
    const definitions = [...stripped.definitions].sort((a, b) => key(a).localeCompare(key(b)));
    return print({ ...stripped, definitions });
}
export function canonicalHash(source) {
    try {
        return sha256(canonicalDocument(source));
    }
    catch {
        return null;
    }
}
/** Builds the allow-list from a manifest: `{ hash: document }` (ours and gql.tada's shape). */
export function trustedDocumentsFrom(manifest) {
    const documents = new Map();
    for (const [rawKey, document] of Object.entries(manifest)) {
        if (typeof document !== 'string')
            continue;
        documents.set(rawKey.replace(/^sha256:/, '').toLowerCase(), document);
        const canonical = canonicalHash(document);
        if (canonical)
            documents.set(canonical, document);
    }
    // Positive answers only: a flood of unknown documents cannot grow this cache.
    const known = new Set();
    return {
        size: new Set(documents.values()).size,
        byHash: (hash) => documents.get(hash.replace(/^sha256:/, '').toLowerCase()),
        allows(query) {
            const raw = sha256(query);
            if (known.has(raw) || documents.has(raw))
                return true;
            const canonical = canonicalHash(query);
            if (!canonical || !documents.has(canonical))
                return false;
            if (known.size < 10_000)
                known.add(raw);
            return true;
        },
    };
}
export function loadTrustedDocuments(file) {
    if (!existsSync(file))
        return null;
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Error(`${file}: a trusted-documents manifest is a JSON object of sha256 → document`);
    }
    const entries = parsed.documents ?? parsed;
    return trustedDocumentsFrom(entries);
}
/**
 * Resolves a hash-only request to its document and, when `enforce` is on (production),
 * refuses any other document (all of them when there is no manifest: fail closed). Apollo's own APQ is off, so the persisted-query extension is
 * consumed here and removed.
 */
export function checkDocument(trusted, enforce, method, body, search) {
    if (method === 'GET') {
        const params = new URLSearchParams(search);
        const query = params.get('query');
        const extensions = parseJson(params.get('extensions'));
        const hash = persistedHash(extensions);
        const resolved = decide(trusted, enforce, query, hash);
        if (!resolved.ok)
            return resolved;
        if (resolved.query !== null)
            params.set('query', resolved.query);
        if (hash)
            params.set('extensions', JSON.stringify(withoutPersisted(extensions)));
        return { ok: true, body, search: params.size ? `?${params}` : '' };
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
        // Not a GraphQL request object: Apollo answers it with a clear 400.
        return { ok: true, body, search };
    }
    const request = body;
    const hash = persistedHash(request.extensions);
    const resolved = decide(trusted, enforce, typeof request.query === 'string' ? request.query : null, hash);
    if (!resolved.ok)
        return resolved;
    const next = { ...request };
    if (resolved.query !== null)
        next.query = resolved.query;
    if (hash)
        next.extensions = withoutPersisted(request.extensions);
    return { ok: true, body: next, search };
}
function decide(trusted, enforce, query, hash) {
    if (query === null && hash) {
        const document = trusted?.byHash(hash);
        return document ? { ok: true, query: document } : { ok: false, code: 'PERSISTED_QUERY_NOT_FOUND' };
    }
    if (enforce && query !== null && !trusted?.allows(query))
        return { ok: false, code: 'UNTRUSTED_DOCUMENT' };
    return { ok: true, query: null };
}
function persistedHash(extensions) {
    const pq = extensions?.persistedQuery;
    return typeof pq?.sha256Hash === 'string' && /^(sha256:)?[0-9a-f]{64}$/i.test(pq.sha256Hash) ? pq.sha256Hash : null;
}
function withoutPersisted(extensions) {
    const { persistedQuery: _p, ...rest } = (extensions ?? {});
    return rest;
}
function parseJson(text) {
    if (!text)
        return null;
    try {
        return JSON.parse(text);
    }
    catch {
        return null;
    }
}
//# sourceMappingURL=trusted-documents.js.map