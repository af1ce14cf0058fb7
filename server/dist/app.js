import { createServer } from 'node:http';
import { createGraphQLTransport } from "./graphql-transport.js";
import { errorBody } from "./errors.js";
import { createRateLimits } from "./rate-limit.js";
import { pickLocale } from "./request-scope.js";
import { serveWeb } from "./web.js";
import { cameOverTls, parseTrustedProxies } from "./client-address.js";
import { setSecurityHeaders } from "./browser-security.js";
import { handleReportDownload } from "./report-downloads.js";
import { DEMO_PASSWORD } from '@opora/prisma/seed';
/** The HTTP service: /graphql, /healthz (alive), /readyz (database reachable), the web app. */
export function createOporaServer(options) {
    const bodyLimit = options.bodyLimit ?? 512 * 1024;
    const production = options.production ?? false;
    const ownRateLimits = options.rateLimits ? null : createRateLimits({ logger: options.logger });
    const trustedProxies = new Set(parseTrustedProxies((options.trustedProxies ?? []).join(',')));
    const transport = createGraphQLTransport({
        database: options.database,
        logger: options.logger,
        production,
        bodyLimit,
        rateLimits: options.rateLimits ?? ownRateLimits,
        trustedDocuments: options.trustedDocuments ?? null,
        enforceTrustedDocuments: options.enforceTrustedDocuments ?? production,
        ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
        ...(options.transactionTimeoutMs ? { transactionTimeoutMs: options.transactionTimeoutMs } : {}),
        ...(options.unsafe ? { unsafe: options.unsafe } : {}),
        ...(options.signInDelay ? { signInDelay: options.signInDelay } : {}),
        ...(options.gate ? { gate: options.gate } : {}),
        trustedProxies,
    });
    const server = createServer((req, res) => {
        route(req, res).catch((error) => {
            options.logger.error({ err: error }, 'unhandled request error');
            if (!res.headersSent)
                sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'internal', localeOf(req)));
            else
                res.destroy();
        });
    });
    // Slow or stuck clients must not hold sockets forever.
    server.requestTimeout = 30_000;
    server.headersTimeout = 10_000;
    // An idle connection is kept longer than clients keep theirs (Node's fetch: 4 s; proxies up to
    // 60 s), so the client always closes first: a server that closes first races a request the
    // client is just sending on that socket, which then fails with ECONNRESET (seen under load).
    server.keepAliveTimeout = 65_000;
    async function route(req, res) {
        const path = (req.url ?? '/').split('?')[0];
        // Every answer: CSP, frame-ancestors, Referrer-Policy, Permissions-Policy, nosniff, and
        // HSTS over TLS. Only the development API's landing page (Apollo Sandbox) runs without CSP.
        setSecurityHeaders(req, res, cameOverTls(req, trustedProxies), {
            withoutCsp: !production && path === '/graphql' && req.method === 'GET' && String(req.headers.accept ?? '').includes('text/html'),
        });
        if (path === '/healthz')
            return sendJson(res, 200, { status: 'ok' });
        // Outside demo mode the accounts do not exist, so nothing names them.
        if (path === '/demo-accounts')
            return options.demoAccounts ? sendJson(res, 200, { password: DEMO_PASSWORD, accounts: options.demoAccounts }) : sendJson(res, 404, { error: 'not found' });
        if (path === '/readyz') {
            try {
                await options.database.prisma.$queryRawUnsafe('SELECT 1');
                return sendJson(res, 200, { status: 'ready' });
            }
            catch {
                return sendJson(res, 503, { status: 'unavailable' });
            }
        }
        if (path?.startsWith('/reports/'))
            return handleReportDownload(req, res, options.database, options.logger, trustedProxies, {
                ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
                ...(options.transactionTimeoutMs ? { transactionTimeoutMs: options.transactionTimeoutMs } : {}),
            }, options.rateLimits ?? ownRateLimits);
        if (path === '/graphql') {
            if (req.method !== 'GET' && req.method !== 'POST') {
                res.setHeader('allow', 'GET, POST');
                return sendJson(res, 405, { errors: [{ message: 'Method not allowed', extensions: { code: 'BAD_REQUEST' } }] });
            }
            const body = req.method === 'POST' ? await readJsonBody(req, res, bodyLimit) : undefined;
            if (body === BODY_REJECTED)
                return;
            return transport.handle(req, res, body);
        }
        if (options.webDir && (req.method === 'GET' || req.method === 'HEAD')) {
            if (await serveWeb(options.webDir, path ?? '/', req, res))
                return;
        }
        sendJson(res, 404, { error: 'not found' });
    }
    return {
        server,
        listen: (port, host = '0.0.0.0') => new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen(port, host, () => {
                const { port: actual } = server.address();
                resolve(`http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}`);
            });
        }),
        close: async () => {
            await new Promise((resolve) => {
                server.close(() => resolve());
                server.closeIdleConnections();
            });
            await transport.stop();
            await ownRateLimits?.close();
        },
    };
}
const BODY_REJECTED = Symbol('body rejected');
function localeOf(req) {
    const first = (name) => {
        const v = req.headers[name];
        return Array.isArray(v) ? v[0] : v;
    };
    return pickLocale(first('x-opora-language'), first('accept-language'));
}
/** Reads a JSON body up to the limit; answers 413 / 400 itself and returns BODY_REJECTED. */
async function readJsonBody(req, res, limit) {
    const refuse = (status, code, key) => sendJson(res, status, errorBody(code, key, localeOf(req)));
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
        refuse(413, 'PAYLOAD_TOO_LARGE', 'payloadTooLarge');
        // Don't read a body we refused; close once the answer is out.
        res.setHeader('connection', 'close');
        req.resume();
        return BODY_REJECTED;
    }
    const raw = await new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        const onData = (chunk) => {
            size += chunk.length;
            if (size <= limit)
                return void chunks.push(chunk);
            // Over the limit while streaming (no or a false content-length): answer, then drop
            // the connection once the answer is flushed, without reading the rest.
            req.off('data', onData);
            req.pause();
            res.setHeader('connection', 'close');
            res.statusCode = 413;
            res.setHeader('content-type', 'application/json; charset=utf-8');
            res.end(JSON.stringify(errorBody('PAYLOAD_TOO_LARGE', 'payloadTooLarge', localeOf(req))), () => req.socket.destroy());
            resolve(null);
        };
        req.on('data', onData);
        req.once('end', () => resolve(Buffer.concat(chunks)));
        req.once('error', reject);
    });
    if (raw === null)
        return BODY_REJECTED;
    const type = String(req.headers['content-type'] ?? '');
    if (!type.includes('application/json'))
        return raw.toString('utf8');
    let text;
    try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    }
    catch {
        refuse(400, 'BAD_REQUEST', 'invalidUtf8');
        return BODY_REJECTED;
    }
    try {
        return JSON.parse(text);
    }
    catch {
        refuse(400, 'BAD_REQUEST', 'malformedJson');
        return BODY_REJECTED;
    }
}
function sendJson(res, status, body) {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
}
//# sourceMappingURL=app.js.map