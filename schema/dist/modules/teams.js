import { z } from 'zod';
import { builder } from "../builder.js";
import { definePermissions } from "../permissions/registry.js";
import { isCenterManager, isCenterStaff, isOwnCenterStaff } from "../permissions/rules.js";
import { invalidFields } from "../support/errors.js";
import { idOf } from "../support/global-id.js";
import { ownRecord, requireOwnCenter } from "../support/own-center.js";
import { list, text } from "../support/validation.js";
import { requireCenter } from "../support/viewer.js";
import { localizedName } from "./catalogue.js";
import { current } from "./center-staff.js";
import { TeamKindEnum } from "./enums.js";
import { MembershipRef } from "./viewer.js";
// The center's teams (multidisciplinary, mobile, …) and who is on them. Managers edit, staff read.
export const TeamRef = builder.prismaNode('Team', {
    id: { field: 'id' },
    nullable: true,
    fields: (t) => ({
        kind: t.expose('kind', { type: TeamKindEnum }),
        name: t.string({ resolve: localizedName }),
        nameBg: t.exposeString('nameBg'),
        nameEn: t.exposeString('nameEn'),
        members: t.field({
            type: [MembershipRef],
            description: 'Staff on the team (memberships of the center, ended ones included).',
            select: (_args, _ctx, nestedSelection) => ({
                members: { select: { membership: nestedSelection(true) }, orderBy: { membership: { startedOn: 'asc' } } },
            }),
            resolve: (team) => team.members.map((m) => m.membership),
        }),
    }),
});
builder.prismaObjectFields('Center', (t) => ({
    teams: t.prismaField({
        type: ['Team'],
        nullable: true,
        description: 'The center’s teams (staff of this center only).',
        resolve: (query, center, _a, ctx) => {
            const centerId = requireOwnCenter(ctx, center);
            return ctx.db.team.findMany({ ...query, where: { centerId }, orderBy: [{ nameBg: 'asc' }, { id: 'asc' }] });
        },
    }),
}));
const TeamInput = builder.inputType('TeamInput', {
    fields: (t) => ({
        kind: t.field({ type: TeamKindEnum }),
        nameBg: t.string({ validate: text(200) }),
        nameEn: t.string({ validate: text(200) }),
    }),
});
const ownTeam = (ctx, globalId) => ownRecord(ctx, globalId, 'Team', (where) => ctx.db.team.findFirst({ where }));
builder.mutationFields((t) => ({
    createTeam: t.prismaField({
        type: 'Team',
        args: { input: t.arg({ type: TeamInput }) },
        resolve: async (query, _root, { input }, ctx) => {
            const { centerId } = requireCenter(ctx);
            const team = await ctx.db.team.create({
                data: { centerId, kind: input.kind, nameBg: input.nameBg, nameEn: input.nameEn },
                select: { id: true },
            });
            ctx.audit.record('CREATE', 'Team', team.id);
            return ctx.db.team.findUniqueOrThrow({ ...query, where: { id: team.id } });
        },
    }),
    updateTeam: t.prismaField({
        type: 'Team',
        args: { id: t.arg.id(), input: t.arg({ type: TeamInput }) },
        resolve: async (query, _root, args, ctx) => {
            const team = await ownTeam(ctx, args.id);
            await ctx.db.team.update({
                where: { id: team.id },
                data: { kind: args.input.kind, nameBg: args.input.nameBg, nameEn: args.input.nameEn },
            });
            ctx.audit.record('UPDATE', 'Team', team.id);
            return ctx.db.team.findUniqueOrThrow({ ...query, where: { id: team.id } });
        },
    }),
    setTeamMembers: t.prismaField({
        type: 'Team',
        description: 'Replace the team’s members with these current staff memberships of the center.',
        args: {
            teamId: t.arg.id(),
            membershipIds: t.arg.idList({ validate: list(z.string().max(200, 'invalidId'), 100) }),
        },
        resolve: async (query, _root, args, ctx) => {
            const { centerId } = requireCenter(ctx);
            const team = await ownTeam(ctx, args.teamId);
            const ids = args.membershipIds.map((g) => idOf(g, 'Membership'));
            const known = await ctx.db.membership.findMany({
                where: { centerId, id: { in: ids.filter((id) => !!id) }, ...current() },
                select: { id: true },
            });
            const knownIds = new Set(known.map((m) => m.id));
            const seen = new Set();
            const issues = [];
            ids.forEach((id, i) => {
                if (!id || !knownIds.has(id))
                    issues.push({ path: `membershipIds.${i}`, messageKey: 'unknownReference' });
                else if (seen.has(id))
                    issues.push({ path: `membershipIds.${i}`, messageKey: 'duplicateItem' });
                else
                    seen.add(id);
            });
            if (issues.length)
                throw invalidFields(ctx.locale, issues);
            await ctx.db.teamMember.deleteMany({ where: { centerId, teamId: team.id, membershipId: { notIn: [...seen] } } });
            await ctx.db.teamMember.createMany({
                data: [...seen].map((membershipId) => ({ centerId, teamId: team.id, membershipId })),
                skipDuplicates: true,
            });
            ctx.audit.record('UPDATE', 'Team', team.id, { members: [...seen] });
            return ctx.db.team.findUniqueOrThrow({ ...query, where: { id: team.id } });
        },
    }),
}));
definePermissions({
    Center: { teams: isOwnCenterStaff },
    Mutation: { createTeam: isCenterManager, updateTeam: isCenterManager, setTeamMembers: isCenterManager },
    Team: isCenterStaff,
});
//# sourceMappingURL=teams.js.map