import { forbidden, notFound } from "./errors.js";
import { idOf } from "./global-id.js";
import { requireCenter } from "./viewer.js";
// The center as its own staff see it (services, teams, staff, partners). `Center` itself is a
// public directory type, so every staff-only field is guarded twice: a rule that the center is
// the viewer's own active center, and the same check in the resolver (RLS would also hide
// another center's rows).
/** The center being read is the viewer's active center (the field rule and the resolver both ask). */
export function requireOwnCenter(ctx, center) {
    const { centerId } = requireCenter(ctx);
    if (center.id !== centerId)
        throw forbidden(ctx.locale);
    return centerId;
}
/**
 * A record of the active center by its global id, or NOT_FOUND: an id of another type, of
 * another center or of nothing behaves the same (never reveal that a record exists elsewhere).
 */
export async function ownRecord(ctx, globalId, typename, find) {
    const { centerId } = requireCenter(ctx);
    const id = idOf(globalId, typename);
    const found = id ? await find({ id, centerId }) : null;
    if (!found)
        throw notFound(ctx.locale);
    return found;
}
//# sourceMappingURL=own-center.js.map