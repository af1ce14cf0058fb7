import pino, { type DestinationStream, type Logger } from 'pino';

// Structured JSON logs; every line of a request carries its request id (child loggers).
// `destination` lets tests read what was logged (stdout otherwise).
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'opora' },
    redact: { paths: ['req.headers.authorization', 'password', 'token', '*.password', '*.token'], remove: true },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
