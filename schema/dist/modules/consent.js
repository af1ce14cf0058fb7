import { builder } from "../builder.js";
import { definePermissions } from "../permissions/registry.js";
import { isCenterStaff } from "../permissions/rules.js";
import { invalidFields, notFound } from "../support/errors.js";
import { idOf } from "../support/global-id.js";
import { idempotentCreate } from "../support/idempotency.js";
import { idempotencyKey, optionalText, pastOrToday, text } from "../support/validation.js";
import { requireCenter } from "../support/viewer.js";
import { ConsentPurposeEnum } from "./enums.js";
import { isoDay } from '@opora/common/calendar';
// Consents per client (service delivery, personal data, sharing with child protection…):
// given on a day by the client or their parent/guardian, withdrawn on a later day.
export const ConsentRef = builder.prismaNode('Consent', {
    id: { field: 'id' },
    nullable: true,
    fields: (t) => ({
        client: t.relation('client'),
        purpose: t.expose('purpose', { type: ConsentPurposeEnum }),
        givenBy: t.exposeString('givenBy', { description: 'The client, or the parent/guardian for a child.' }),
        givenOn: t.expose('givenOn', { type: 'Date' }),
        withdrawnOn: t.expose('withdrawnOn', { type: 'Date', nullable: true }),
        documentRef: t.exposeString('documentRef', { nullable: true }),
        isActive: t.boolean({ description: 'Given and not withdrawn.', resolve: (c) => c.withdrawnOn === null }),
        createdAt: t.expose('createdAt', { type: 'DateTime' }),
    }),
});
builder.prismaObjectField('Client', 'consents', (t) => t.relation('consents', {
    description: 'The client’s consents, the latest given first.',
    query: { orderBy: [{ givenOn: 'desc' }, { createdAt: 'desc' }] },
}));
builder.mutationFields((t) => ({
    recordConsent: t.prismaField({
        type: 'Consent',
        description: 'Record a consent the client (or their parent/guardian) gave.',
        args: {
            clientId: t.arg.id(),
            purpose: t.arg({ type: ConsentPurposeEnum }),
            givenBy: t.arg.string({ validate: text(200) }),
            givenOn: t.arg({ type: 'Date', validate: pastOrToday }),
            documentRef: t.arg.string({ required: false, validate: optionalText(200) }),
            idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
        },
        resolve: async (query, _root, args, ctx) => {
            const { centerId } = requireCenter(ctx);
            const { idempotencyKey: key, ...input } = args;
            const result = await idempotentCreate(ctx, 'recordConsent', key, input, async () => {
                const clientId = idOf(args.clientId, 'Client');
                const client = clientId ? await ctx.db.client.findFirst({ where: { id: clientId, centerId }, select: { id: true } }) : null;
                if (!client)
                    throw notFound(ctx.locale);
                const consent = await ctx.db.consent.create({
                    data: {
                        centerId,
                        clientId: client.id,
                        purpose: args.purpose,
                        givenBy: args.givenBy,
                        givenOn: args.givenOn,
                        documentRef: args.documentRef ?? null,
                    },
                    select: { id: true },
                });
                ctx.audit.record('CREATE', 'Consent', consent.id, { clientId: client.id });
                return consent;
            });
            return ctx.db.consent.findUniqueOrThrow({ ...query, where: { id: result.id } });
        },
    }),
    withdrawConsent: t.prismaField({
        type: 'Consent',
        description: 'Record that a consent was withdrawn (on or after the day it was given).',
        args: {
            id: t.arg.id(),
            withdrawnOn: t.arg({ type: 'Date', validate: pastOrToday }),
        },
        resolve: async (query, _root, args, ctx) => {
            const { centerId } = requireCenter(ctx);
            const id = idOf(args.id, 'Consent');
            const consent = id ? await ctx.db.consent.findFirst({ where: { id, centerId }, select: { id: true, clientId: true, givenOn: true } }) : null;
            if (!consent)
                throw notFound(ctx.locale);
            if (args.withdrawnOn.getTime() < consent.givenOn.getTime()) {
                throw invalidFields(ctx.locale, [{ path: 'withdrawnOn', messageKey: 'withdrawnBeforeGiven' }]);
            }
            await ctx.db.consent.update({ where: { id: consent.id }, data: { withdrawnOn: args.withdrawnOn } });
            ctx.audit.record('UPDATE', 'Consent', consent.id, { clientId: consent.clientId, withdrawnOn: isoDay(args.withdrawnOn) });
            return ctx.db.consent.findUniqueOrThrow({ ...query, where: { id: consent.id } });
        },
    }),
}));
// Client.consents is covered by the Client type's own rule (isCenterStaff).
definePermissions({
    Mutation: { recordConsent: isCenterStaff, withdrawConsent: isCenterStaff },
    Consent: isCenterStaff,
});
//# sourceMappingURL=consent.js.map