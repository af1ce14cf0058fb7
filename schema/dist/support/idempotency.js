import { createHash } from 'node:crypto';
import { oporaError } from "./errors.js";
import { requireCenter } from "./viewer.js";
/**
 * A create that a retry cannot repeat. The key is claimed first (INSERT … ON CONFLICT DO
 * NOTHING), so two concurrent retries serialise on the key's row: the second sees the
 * first's committed result and writes nothing. The same key with other input is refused.
 */
export async function idempotentCreate(ctx, operation, key, input, create) {
    if (!key)
        return { ...(await create()), replayed: false };
    const { centerId, userId } = requireCenter(ctx);
    const requestHash = createHash('sha256').update(`${operation}\n${stableJson(input)}`).digest('hex');
    const claimed = await ctx.db.idempotencyKey.createMany({
        data: [{ centerId, key, operation, userId, requestHash, result: {} }],
        skipDuplicates: true,
    });
    if (claimed.count === 0) {
        const existing = await ctx.db.idempotencyKey.findUnique({ where: { centerId_key: { centerId, key } } });
        const result = existing?.result;
        if (!existing || existing.operation !== operation || existing.requestHash !== requestHash || !result?.id) {
            throw oporaError('BAD_USER_INPUT', 'idempotencyMismatch', ctx.locale, {}, { fields: [{ path: 'idempotencyKey' }] });
        }
        return { id: result.id, replayed: true };
    }
    const created = await create();
    await ctx.db.idempotencyKey.update({
        where: { centerId_key: { centerId, key } },
        data: { result: { id: created.id } },
    });
    return { id: created.id, replayed: false };
}
function stableJson(value) {
    return JSON.stringify(value, (_k, v) => v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
        : v);
}
//# sourceMappingURL=idempotency.js.map