/**
 * The argon2id cost of a password hash: OWASP's Password Storage Cheat Sheet's first
 * configuration (19 MiB of memory, 2 passes, 1 lane). node-argon2's own default (64 MiB, 3
 * passes, 4 lanes) is about 3× the work on a 2-core machine: 220 ms against 75 ms a check here,
 * and the sign-in waits for it (#17: the dashboard within 0.7 s of pressing sign-in). A hash
 * made with other costs still verifies (its costs are written in it) and is made anew with
 * these at its owner's next sign-in. `type: 2` is argon2id.
 */
export const PASSWORD_HASHING = { type: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
