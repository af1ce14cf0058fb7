import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.ts';

// Every read of a person's record is audited: the first field resolved on a Client,
// Household, Case or Note object in a request records one READ event (deduplicated),
// written in the request's transaction.
const PERSON_TYPES = ['Client', 'Household', 'Case', 'Note'] as const;

type Resolve = (parent: unknown, args: unknown, ctx: Context, info: GraphQLResolveInfo) => unknown;

const auditRead =
  (entityType: string) =>
  (resolve: Resolve, parent: { id?: string } | null, args: unknown, ctx: Context, info: GraphQLResolveInfo) => {
    if (parent?.id) ctx.audit.read(entityType, parent.id);
    return resolve(parent, args, ctx, info);
  };

export const personReadAudit = Object.fromEntries(PERSON_TYPES.map((t) => [t, auditRead(t)]));
