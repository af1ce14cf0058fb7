export { createOporaServer, type OporaServer, type OporaServerOptions } from './app.ts';
export { createLogger } from './logger.ts';
export { loadConfig } from './config.ts';
