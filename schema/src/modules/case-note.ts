import { builder } from '../builder.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterStaff, mayReadNoteBody, onCaseTeam } from '../permissions/rules.ts';
import { idempotentCreate } from '../support/idempotency.ts';
import { idempotencyKey, text } from '../support/validation.ts';
import { requireCenter } from '../support/viewer.ts';
import { caseForWrite } from './case-workflow.ts';
import { ConfidentialityEnum } from './enums.ts';

// Notes on a case. A TEAM note is read by the center's staff; the body of a RESTRICTED note
// only by its author, the case's lead worker and the manager (rule mayReadNoteBody): anyone
// else sees that the note exists, its author and date, and a null body with a FORBIDDEN error.

export const NoteRef = builder.prismaNode('Note', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    confidentiality: t.expose('confidentiality', { type: ConfidentialityEnum }),
    body: t.exposeString('body', {
      nullable: true,
      description: 'Null (with a FORBIDDEN error) for a RESTRICTED note unless you are its author, the lead worker or the manager.',
    }),
    author: t.relation('author'),
    case: t.relation('case', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Case', 'notes', (t) =>
  t.relatedConnection(
    'notes',
    { cursor: 'id', totalCount: true, query: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] } },
    { name: 'CaseNoteConnection' },
    { name: 'CaseNoteEdge' },
  ),
);

builder.mutationFields((t) => ({
  addCaseNote: t.prismaField({
    type: 'Note',
    description: 'A note on the case, TEAM by default; RESTRICTED narrows the body to the author, the lead worker and the manager. Retries with the same idempotencyKey return the first note.',
    args: {
      caseId: t.arg.id(),
      body: t.arg.string({ validate: text(20_000) }),
      confidentiality: t.arg({ type: ConfidentialityEnum, required: false }),
      idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { centerId, membershipId } = requireCenter(ctx);
      // A note written offline is sent again until the phone hears back: one note per key.
      const { idempotencyKey: key, ...input } = args;
      const note = await idempotentCreate(ctx, 'addCaseNote', key, input, async () => {
        const c = await caseForWrite(ctx, args.caseId);
        const created = await ctx.db.note.create({
          data: { centerId, caseId: c.id, authorId: membershipId, confidentiality: args.confidentiality ?? 'TEAM', body: args.body },
          select: { id: true },
        });
        ctx.audit.record('CREATE', 'Note', created.id, { caseId: c.id });
        return created;
      });
      return ctx.db.note.findUniqueOrThrow({ ...query, where: { id: note.id } });
    },
  }),
}));

definePermissions({
  Mutation: { addCaseNote: onCaseTeam((args) => args.caseId) },
  Note: { '*': isCenterStaff, body: mayReadNoteBody },
});
