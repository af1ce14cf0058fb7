import { z } from 'zod';
import type { Prisma } from '@opora/prisma/client';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterStaff } from '../permissions/rules.ts';
import { list, pastOrToday, text } from '../support/validation.ts';
import { ParticipantRoleEnum } from './enums.ts';

// The person's own part in an assessment (ИОП) or a support plan (ИПП), as the Social Services
// Act asks: the child and the parents (or the adult person) took part, were heard, agreed and
// signed. One row per participant; a record's list is replaced whole when saved.

builder.prismaNode('Participation', {
  id: { field: 'id' },
  nullable: true,
  description: 'A participant in a needs assessment or a support plan: took part, heard, agreed, signed (and when).',
  fields: (t) => ({
    role: t.expose('role', { type: ParticipantRoleEnum }),
    name: t.exposeString('name'),
    present: t.exposeBoolean('present', { description: 'Took part (was present).' }),
    heard: t.exposeBoolean('heard', { description: 'Their views were heard and recorded.' }),
    agreed: t.exposeBoolean('agreed'),
    signed: t.exposeBoolean('signed'),
    signedOn: t.expose('signedOn', { type: 'Date', nullable: true }),
  }),
});

export const ParticipationInput = builder.inputType('ParticipationInput', {
  fields: (t) => ({
    role: t.field({ type: ParticipantRoleEnum }),
    name: t.string({ validate: text(200), description: 'Who: the child, a parent by name, the legal representative.' }),
    present: t.boolean({ required: false }),
    heard: t.boolean({ required: false }),
    agreed: t.boolean({ required: false }),
    signed: t.boolean({ required: false }),
    signedOn: t.field({ type: 'Date', required: false, validate: pastOrToday.nullish() }),
  }),
});

export const participationList = list(z.unknown(), 20).nullish();

export type ParticipationShape = typeof ParticipationInput.$inferInput;

/** Replaces the participants of an assessment or a plan (exactly one of the two ids). */
export async function replaceParticipation(
  ctx: Context,
  centerId: string,
  owner: { assessmentId: string } | { planId: string },
  participants: readonly ParticipationShape[],
) {
  await ctx.db.participation.deleteMany({ where: owner });
  const rows: Prisma.ParticipationCreateManyInput[] = participants.map((p, position) => ({
    centerId,
    ...owner,
    position,
    role: p.role,
    name: p.name,
    present: p.present ?? false,
    heard: p.heard ?? false,
    agreed: p.agreed ?? false,
    signed: p.signed ?? false,
    // A signature's date belongs to a signature.
    signedOn: p.signed ? (p.signedOn ?? null) : null,
  }));
  if (rows.length) await ctx.db.participation.createMany({ data: rows });
}

definePermissions({ Participation: isCenterStaff });
