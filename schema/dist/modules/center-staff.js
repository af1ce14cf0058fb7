import { z } from 'zod';
import { builder } from "../builder.js";
import { definePermissions } from "../permissions/registry.js";
import { isCenterManager, isOwnCenterStaff } from "../permissions/rules.js";
import { invalidFields, oporaError } from "../support/errors.js";
import { idOf } from "../support/global-id.js";
import { ownRecord, requireOwnCenter } from "../support/own-center.js";
import { findPage } from "../support/pages.js";
import { email, endNotBeforeStart, optionalText, text } from "../support/validation.js";
import { requireCenter } from "../support/viewer.js";
import { isoDay, today } from '@opora/common/calendar';
import { labelled } from "./enums.js";
// The center's staff: their memberships (role, profession, position, workload, dates). Managers
// edit, staff read; invitations and accounts are in staff-accounts.ts.
// The position as the center writes it, in both languages, for the edit form.
builder.prismaObjectFields('Membership', (t) => ({
    titleBg: t.exposeString('titleBg', { nullable: true }),
    titleEn: t.exposeString('titleEn', { nullable: true }),
}));
/** Staff roles a center can give (network and municipal roles are not the center's to give). */
export const CenterRoleEnum = labelled('CenterRole', ['MANAGER', 'CASE_WORKER', 'SPECIALIST', 'SOCIAL_ASSOCIATE']);
/** A membership that has not ended before today. */
export const current = () => ({ OR: [{ endedOn: null }, { endedOn: { gte: today() } }] });
builder.prismaObjectFields('Center', (t) => ({
    staff: t.prismaConnection({
        type: 'Membership',
        cursor: 'id',
        nullable: true,
        description: 'The center’s staff by name: current memberships, or every one with `includeEnded` (staff of this center only).',
        args: { includeEnded: t.arg.boolean({ required: false }) },
        totalCount: (center, args, ctx) => ctx.db.membership.count({ where: staffFilter(requireOwnCenter(ctx, center), args.includeEnded) }),
        resolve: (query, center, args, ctx) => {
            const where = staffFilter(requireOwnCenter(ctx, center), args.includeEnded);
            return findPage((a) => ctx.db.membership.findMany(a), query, where, BY_NAME);
        },
    }, { name: 'StaffConnection' }, { name: 'StaffEdge' }),
}));
const BY_NAME = [{ user: { displayName: 'asc' } }, { id: 'asc' }];
const staffFilter = (centerId, includeEnded) => ({ centerId, ...(includeEnded ? {} : current()) });
const optionalId = z.string().max(200, 'invalidId').nullish();
const fte = z
    .number()
    .gt(0, 'tooSmall|min=0.01')
    .max(1, 'tooBig|max=1')
    .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'invalidValue')
    .nullish();
/** The job as the center records it (role, profession, position in both languages, workload, start). */
const jobFields = (t, startedOn) => ({
    role: t.field({ type: CenterRoleEnum }),
    professionId: t.id({ required: false, validate: optionalId }),
    titleBg: t.string({ required: false, validate: optionalText(200) }),
    titleEn: t.string({ required: false, validate: optionalText(200) }),
    fte: t.float({ required: false, validate: fte }),
    startedOn: t.field({ type: 'Date', required: false, description: startedOn }),
});
export const AddStaffMemberInput = builder.inputType('AddStaffMemberInput', {
    fields: (t) => ({
        email: t.string({ validate: email }),
        displayName: t.string({ validate: text(200), description: 'The name the invitation shows; a new account takes it.' }),
        ...jobFields(t, 'Defaults to today.'),
    }),
});
const UpdateStaffMemberInput = builder.inputType('UpdateStaffMemberInput', {
    fields: (t) => jobFields(t, 'Unchanged when left out.'),
});
export async function professionIdOf(ctx, globalId, path) {
    if (!globalId)
        return null;
    const id = idOf(globalId, 'Profession');
    const found = id ? await ctx.db.profession.findUnique({ where: { id }, select: { id: true } }) : null;
    if (!found)
        throw invalidFields(ctx.locale, [{ path, messageKey: 'unknownReference' }]);
    return found.id;
}
/** A staff membership of the active center (never the viewer's membership elsewhere). */
export const ownMembership = (ctx, globalId) => ownRecord(ctx, globalId, 'Membership', (where) => ctx.db.membership.findFirst({ where }));
builder.mutationFields((t) => ({
    updateStaffMember: t.prismaField({
        type: 'Membership',
        args: { membershipId: t.arg.id(), input: t.arg({ type: UpdateStaffMemberInput }) },
        resolve: async (query, _root, { membershipId, input }, ctx) => {
            const viewer = requireCenter(ctx);
            const membership = await ownMembership(ctx, membershipId);
            // A manager cannot demote themselves and leave the center without one.
            if (membership.id === viewer.membershipId && input.role !== membership.role) {
                throw invalidFields(ctx.locale, [{ path: 'input.role', messageKey: 'cannotChangeOwnRole' }]);
            }
            const professionId = await professionIdOf(ctx, input.professionId, 'input.professionId');
            const startedOn = input.startedOn ?? membership.startedOn;
            if (membership.endedOn)
                endNotBeforeStart(ctx, startedOn, membership.endedOn, 'input.startedOn');
            await ctx.db.membership.update({
                where: { id: membership.id },
                data: {
                    role: input.role,
                    professionId,
                    titleBg: input.titleBg ?? null,
                    titleEn: input.titleEn ?? null,
                    fte: input.fte ?? null,
                    startedOn,
                },
            });
            ctx.audit.record('UPDATE', 'Membership', membership.id);
            return ctx.db.membership.findUniqueOrThrow({ ...query, where: { id: membership.id } });
        },
    }),
    endStaffMember: t.prismaField({
        type: 'Membership',
        description: 'The staff member leaves the center on `endedOn` (their account stays; sign-in to this center stops after that day).',
        args: { membershipId: t.arg.id(), endedOn: t.arg({ type: 'Date' }) },
        resolve: async (query, _root, args, ctx) => {
            const viewer = requireCenter(ctx);
            const membership = await ownMembership(ctx, args.membershipId);
            if (membership.id === viewer.membershipId)
                throw oporaError('FORBIDDEN', 'cannotEndOwnMembership', ctx.locale);
            endNotBeforeStart(ctx, membership.startedOn, args.endedOn, 'endedOn');
            await ctx.db.membership.update({ where: { id: membership.id }, data: { endedOn: args.endedOn } });
            ctx.audit.record('UPDATE', 'Membership', membership.id, { endedOn: isoDay(args.endedOn) });
            return ctx.db.membership.findUniqueOrThrow({ ...query, where: { id: membership.id } });
        },
    }),
}));
definePermissions({
    Center: { staff: isOwnCenterStaff },
    Mutation: { updateStaffMember: isCenterManager, endStaffMember: isCenterManager },
});
//# sourceMappingURL=center-staff.js.map