import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import { getDatamodel } from '@opora/prisma/pothos-types';
import { badUserInput } from "./support/errors.js";
import { decodeId, encodeId, mayResolveNode } from "./support/global-id.js";
import { MAX_PAGE_SIZE } from "./support/page-args.js";
import { setting } from '@opora/common/config';
export const builder = new SchemaBuilder({
    defaultFieldNullability: false,
    // Arguments and input fields are required unless they say `required: false`.
    defaultInputFieldRequiredness: true,
    plugins: [ErrorsPlugin, ValidationPlugin, PrismaPlugin, RelayPlugin],
    prisma: {
        // Every resolver reads through the request's tenant transaction, never a shared client.
        client: (ctx) => ctx.db,
        dmmf: getDatamodel(),
        filterConnectionTotalCount: true,
        onUnusedQuery: setting('NODE_ENV') === 'production' ? null : 'warn',
        maxConnectionSize: MAX_PAGE_SIZE,
        defaultConnectionSize: 20,
    },
    relay: {
        clientMutationId: 'omit',
        cursorType: 'String',
        encodeGlobalID: (typename, id) => encodeId(typename, String(id)),
        decodeGlobalID: (globalID) => decodeId(globalID),
        // Another center's id, an id of a type the viewer may not read, and a malformed id all
        // read as null, exactly like an id that does not exist (RLS answers the rest).
        nodeQueryOptions: {
            resolve: (_root, { id }, ctx, _info, resolveNode) => mayResolveNode(ctx, id.typename) ? resolveNode(id) : null,
        },
        nodesQueryOptions: {
            resolve: (_root, { ids }, ctx, _info, resolveNodes) => resolveNodes(ids.filter((id) => mayResolveNode(ctx, id.typename))).then((found) => {
                // Keep the positions of the ids asked for; refused ones are null.
                const byId = new Map();
                let i = 0;
                for (const id of ids)
                    if (mayResolveNode(ctx, id.typename))
                        byId.set(`${id.typename}:${id.id}`, found[i++]);
                return ids.map((id) => byId.get(`${id.typename}:${id.id}`) ?? null);
            }),
        },
    },
    errors: {
        defaultTypes: [],
    },
    validation: {
        validationError: (result, _args, ctx) => badUserInput(ctx.locale, result.issues),
    },
});
builder.queryType({});
builder.mutationType({});
//# sourceMappingURL=builder.js.map