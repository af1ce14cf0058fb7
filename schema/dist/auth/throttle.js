// Sign-in throttling that an attacker cannot turn against the account's owner.
//
// Three counters of failed attempts, kept in the database (LoginThrottle, through definer
// functions) so every server process shares them, each over a 15-minute window:
// - the address (every account tried from it),
// - the account and the address together (the "pair"),
// - the account from everywhere.
// Refusals only ever hit an address that has itself failed: the pair after PAIR_BLOCK_AFTER
// failures (PAIR_BLOCK_UNDER_ATTACK while the account is under attack), the address after
// ADDRESS_BLOCK_AFTER. The account's own count is only a signal: it lengthens the delay of
// failed answers (bounded) and tightens the pair limit, but never refuses an address that
// has not failed, so the right password from a fresh address always signs in.
export const WINDOW_MS = 15 * 60_000;
export const BLOCK_MS = 15 * 60_000;
/** Failures of one account from one address before that address is refused for that account. */
export const PAIR_BLOCK_AFTER = 10;
/** The same while the account is under attack (ACCOUNT_ATTACK_AFTER failures from anywhere). */
export const PAIR_BLOCK_UNDER_ATTACK = 3;
/** Failures from one address (any accounts) before the address is refused. */
export const ADDRESS_BLOCK_AFTER = 100;
/** Failures of one account from anywhere that make it "under attack". */
export const ACCOUNT_ATTACK_AFTER = 10;
/** Failed answers are delayed after this many failures of the pair. */
export const SLOW_AFTER = 3;
/** The longest delay of one failed answer, whatever the counts. */
export const MAX_DELAY_MS = 3_000;
/** Before the password is checked: may this address try this account now? */
export function signInDecision(counts, now = Date.now()) {
    const wait = (until) => (until && until.getTime() > now ? Math.max(1, Math.ceil((until.getTime() - now) / 1000)) : 0);
    const address = wait(counts.addressBlockedUntil);
    if (address)
        return { allowed: false, retryAfterSeconds: address, reason: 'address' };
    const pair = wait(counts.pairBlockedUntil);
    if (pair)
        return { allowed: false, retryAfterSeconds: pair, reason: 'pair' };
    // Under attack, an address that has already failed on this account gets fewer tries.
    if (counts.accountFailures >= ACCOUNT_ATTACK_AFTER && counts.pairFailures >= PAIR_BLOCK_UNDER_ATTACK) {
        return { allowed: false, retryAfterSeconds: wait(counts.pairWindowEndsAt ?? null) || Math.ceil(WINDOW_MS / 1000), reason: 'pair' };
    }
    return { allowed: true };
}
/** After a failure was counted: should the pair be blocked now because the account is under attack? */
export function blockPairUnderAttack(after) {
    return after.accountFailures >= ACCOUNT_ATTACK_AFTER && after.pairFailures >= PAIR_BLOCK_UNDER_ATTACK;
}
/**
 * How long to hold a failed answer (never a successful one), from the counts after this failure:
 * doubling from 250 ms once the pair or the address has failed SLOW_AFTER times (up to 2 s),
 * plus up to 1 s while the account is under attack; never more than MAX_DELAY_MS.
 */
export function failureDelayMs(after) {
    const local = Math.max(after.pairFailures, Math.floor(after.addressFailures / 10));
    const localDelay = local < SLOW_AFTER ? 0 : Math.min(2_000, 250 * 2 ** Math.min(10, local - SLOW_AFTER));
    const accountDelay = after.accountFailures < ACCOUNT_ATTACK_AFTER ? 0 : Math.min(1_000, 100 * (after.accountFailures - ACCOUNT_ATTACK_AFTER + 1));
    return Math.min(MAX_DELAY_MS, localDelay + accountDelay);
}
//# sourceMappingURL=throttle.js.map