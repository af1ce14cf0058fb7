// The server's configuration is @opora/common/config (every variable with its type, default and
// meaning, validated at start); re-exported here for the server's callers.
export { ConfigError, loadConfig } from '@opora/common/config';
//# sourceMappingURL=config.js.map