import { builder } from "../builder.js";
import { definePermissions } from "../permissions/registry.js";
import { isCenterManager, isSignedIn } from "../permissions/rules.js";
import { email, intRange, optionalText, phone, text } from "../support/validation.js";
import { requireCenter } from "../support/viewer.js";
// The active center's public profile, as its manager edits it (the directory reads it in center.ts).
const CenterProfileInput = builder.inputType('CenterProfileInput', {
    fields: (t) => ({
        nameBg: t.string({ validate: text(200) }),
        nameEn: t.string({ validate: text(200) }),
        providerNameBg: t.string({ validate: text(200) }),
        providerNameEn: t.string({ validate: text(200) }),
        addressBg: t.string({ validate: text(300) }),
        addressEn: t.string({ required: false, validate: optionalText(300) }),
        phone: t.string({ required: false, validate: phone }),
        email: t.string({ required: false, validate: email.nullish() }),
        licensedCapacity: t.int({ validate: intRange(0, 100_000) }),
    }),
});
builder.mutationFields((t) => ({
    updateCenterProfile: t.prismaField({
        type: 'Center',
        description: 'Edit the active center’s public profile.',
        args: { input: t.arg({ type: CenterProfileInput }) },
        resolve: async (query, _root, { input }, ctx) => {
            const { centerId } = requireCenter(ctx);
            await ctx.db.center.update({
                where: { id: centerId },
                data: {
                    nameBg: input.nameBg,
                    nameEn: input.nameEn,
                    providerNameBg: input.providerNameBg,
                    providerNameEn: input.providerNameEn,
                    addressBg: input.addressBg,
                    addressEn: input.addressEn ?? null,
                    phone: input.phone ?? null,
                    email: input.email ?? null,
                    licensedCapacity: input.licensedCapacity,
                },
            });
            ctx.audit.record('UPDATE', 'Center', centerId);
            return ctx.db.center.findUniqueOrThrow({ ...query, where: { id: centerId } });
        },
    }),
}));
definePermissions({
    // Relay's node(id:)/nodes(ids:): which types resolve is decided per type in
    // support/global-id.ts (mayResolveNode), each type's own rules guard its fields, and RLS
    // hides other centers' rows. Declared here (no other module did) so staff can refetch
    // teams, services and memberships by id.
    Query: { node: isSignedIn, nodes: isSignedIn },
    Mutation: { updateCenterProfile: isCenterManager },
});
//# sourceMappingURL=center-profile.js.map