import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import type PrismaTypes from '@opora/prisma/pothos-types';
import { getDatamodel } from '@opora/prisma/pothos-types';
import type { PrismaClient } from '@opora/prisma/client';
import type { Context } from './context.ts';
import { badUserInput } from './support/errors.ts';
import { decodeId, encodeId, mayResolveNode } from './support/global-id.ts';
import { isManagerViewer, isRestrictedRecord, restrictedError } from './support/restriction.ts';

const RESTRICTABLE_NODES = new Set(['Client', 'Case', 'Session', 'Assessment', 'SupportPlan', 'Contract', 'Consent', 'Attachment']);
import { MAX_PAGE_SIZE } from './support/page-args.ts';
import { setting } from '@opora/common/config';

export type BuilderTypes = {
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    ID: { Input: string; Output: string };
    Date: { Input: Date; Output: Date };
    DateTime: { Input: Date; Output: Date };
  };
  Connection: { totalCount: number | (() => number | Promise<number>) };
};

export const builder = new SchemaBuilder<BuilderTypes>({
  defaultFieldNullability: false,
  // Arguments and input fields are required unless they say `required: false`.
  defaultInputFieldRequiredness: true,
  plugins: [ErrorsPlugin, ValidationPlugin, PrismaPlugin, RelayPlugin],
  prisma: {
    // Every resolver reads through the request's tenant transaction, never a shared client.
    client: (ctx) => ctx.db as unknown as PrismaClient,
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
      // A restricted person's record (hidden by RLS from all but the manager) answers recordRestricted.
      resolve: async (_root, { id }, ctx, _info, resolveNode) => {
        if (!mayResolveNode(ctx, id.typename)) return null;
        const found = await resolveNode(id);
        if (found == null && RESTRICTABLE_NODES.has(id.typename) && !isManagerViewer(ctx) && (await isRestrictedRecord(ctx, String(id.id)))) throw restrictedError(ctx);
        return found;
      },
    },
    nodesQueryOptions: {
      resolve: (_root, { ids }, ctx, _info, resolveNodes) =>
        resolveNodes(ids.filter((id) => mayResolveNode(ctx, id.typename))).then((found) => {
          // Keep the positions of the ids asked for; refused ones are null.
          const byId = new Map<string, unknown>();
          let i = 0;
          for (const id of ids) if (mayResolveNode(ctx, id.typename)) byId.set(`${id.typename}:${id.id}`, found[i++]);
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
