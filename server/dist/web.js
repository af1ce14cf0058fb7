import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
    '.woff2': 'font/woff2',
    '.webmanifest': 'application/manifest+json',
};
/** Serves the built web app; unknown paths get index.html (client-side routes). */
export async function serveWeb(root, urlPath, req, res) {
    let decoded;
    try {
        decoded = decodeURIComponent(urlPath);
    }
    catch {
        return false;
    }
    const resolved = path.resolve(root, `.${path.posix.normalize(decoded)}`);
    if (!resolved.startsWith(path.resolve(root)))
        return false;
    let file = resolved;
    let info = await stat(file).catch(() => null);
    if (!info || info.isDirectory()) {
        file = path.join(root, 'index.html');
        info = await stat(file).catch(() => null);
        if (!info)
            return false;
    }
    const ext = path.extname(file);
    res.statusCode = 200;
    res.setHeader('content-type', TYPES[ext] ?? 'application/octet-stream');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (req.method === 'HEAD') {
        res.end();
        return true;
    }
    createReadStream(file).pipe(res);
    return true;
}
//# sourceMappingURL=web.js.map