import pino, { type Logger } from 'pino';

// Structured JSON logs; every line of a request carries its request id (child loggers).
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'opora' },
    redact: { paths: ['req.headers.authorization', 'password', 'token', '*.password', '*.token'], remove: true },
  });
}

export type { Logger };
