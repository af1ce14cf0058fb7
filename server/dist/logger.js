import pino, {} from 'pino';
import pretty from 'pino-pretty';
// Structured JSON logs in production (every line of a request carries its request id through
// child loggers); in development the same records read as lines a person can follow
// (pino-pretty, synchronous so nothing is lost at exit). `destination` lets tests read what was
// logged (JSON).
export function createLogger(level, destination, options = {}) {
    const settings = {
        level,
        base: { service: 'opora' },
        redact: { paths: ['req.headers.authorization', 'password', 'token', '*.password', '*.token'], remove: true },
    };
    if (destination)
        return pino(settings, destination);
    if (options.pretty)
        return pino(settings, pretty({ sync: true, singleLine: true, colorize: process.stdout.isTTY, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss' }));
    return pino(settings);
}
//# sourceMappingURL=logger.js.map