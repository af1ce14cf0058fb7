import { dayOf, isoDay, sofiaDayEnd, sofiaDayStart, today } from '@opora/common/calendar';
import { documentWords, enumLabel } from '@opora/common/vocabulary';
import { invalidFields, type FieldIssue } from '../../support/errors.ts';
import type { Block } from '../engine.ts';
import type { DocumentKind } from '../kind.ts';
import { assessmentBlocks, caseBlocks, contractBlocks, householdBlocks, personBlock, planBlocks, relatedPersonIds, staffSigners } from '../sections.ts';
import { auditPersons, caseOnTeam, caseRecord, caseSessions, centerHeading, formatDay, formatInstant, managerName, named, previousOf, producedBy, safeFilename, staffName, teamNotes, uuidOf } from '../source.ts';

// The whole case file for a period (`from`, `to`: Sofia days, both included; by default from the
// referral to the closure or today): the child and the household as the case team reads them,
// the referral, every needs assessment by areas (a reassessment with the change per area), every
// support plan version (goals, services, participation, reviews; the history of versions), every
// contract for using the service (parties, services, term, extensions, end), and the timeline of
// the period's sessions and TEAM notes. Restricted notes never.

export const caseFile: DocumentKind = {
  name: 'case-file',
  subjectType: 'Case',
  async build({ ctx, id, lang, params }) {
    const w = documentWords(lang);
    const caseId = uuidOf(ctx, id, 'Case');
    await caseOnTeam(ctx, caseId);
    // The period is checked before the record is read (bad arguments read no one).
    const issues: FieldIssue[] = [];
    const day = (name: 'from' | 'to') => {
      const raw = params[name];
      if (!raw) return null;
      const d = dayOf(raw);
      if (Number.isNaN(d.getTime())) issues.push({ path: name, messageKey: 'invalidDate' });
      return d;
    };
    const given = { from: day('from'), to: day('to') };
    if (!issues.length && given.from && given.to && given.to < given.from) issues.push({ path: 'to', messageKey: 'endBeforeStart' });
    if (issues.length) throw invalidFields(ctx.locale, issues);

    const c = await caseRecord(ctx, caseId, 'case-file');
    auditPersons(ctx, 'case-file', relatedPersonIds(c));
    const from = given.from ?? c.referralDate;
    const to = given.to ?? c.closedOn ?? today();
    if (to < from) throw invalidFields(ctx.locale, [{ path: given.to ? 'to' : 'from', messageKey: 'endBeforeStart' }]);
    const window = { from: sofiaDayStart(from), to: sofiaDayEnd(to) };

    // One after the other: the request's transaction is one connection.
    const sessions = await caseSessions(ctx, c.id, window);
    const notes = await teamNotes(ctx, c.id, window);
    const notesBySession = new Map<string, typeof notes>();
    const timeline: Array<{ at: Date; row: string[] }> = [];
    const inPeriod = new Set(sessions.map((s) => s.id));
    for (const n of notes) {
      if (n.sessionId && inPeriod.has(n.sessionId)) notesBySession.set(n.sessionId, [...(notesBySession.get(n.sessionId) ?? []), n]);
      else timeline.push({ at: n.createdAt, row: [formatInstant(n.createdAt, lang), w('noteLine'), staffName(n.author) ?? '', n.body] });
    }
    for (const s of sessions) {
      const what = w('sessionLine', { kind: enumLabel('SessionKind', s.kind, lang), service: named(s.service, lang) ?? '', minutes: s.durationMinutes });
      const body = (notesBySession.get(s.id) ?? []).map((n) => `${staffName(n.author) ?? ''}: ${n.body}`).join('\n');
      timeline.push({ at: s.startsAt, row: [formatInstant(s.startsAt, lang), what, s.staff.map((m) => staffName(m.membership)).join(', '), body] });
    }
    timeline.sort((a, b) => a.at.getTime() - b.at.getTime());

    // Each assessment beside the one it is compared with (one after the other: one connection).
    const assessments: Block[][] = [];
    for (const [i, a] of c.assessments.entries()) {
      assessments.push(assessmentBlocks(a, lang, { heading: `${i + 1}. ${w('needsAssessment')}`, personKind: c.person.kind, previous: await previousOf(ctx, c, a) }));
    }
    const center = await centerHeading(ctx, lang);

    const blocks: Block[] = [
      { kind: 'fields', rows: [[w('period'), `${formatDay(from, lang)} – ${formatDay(to, lang)}`]] },
      { kind: 'heading', text: w('theChild') },
      personBlock(c.person, lang),
      ...householdBlocks(c, lang),
      ...caseBlocks(c, lang),
      { kind: 'heading', text: w('assessments') },
      ...(assessments.length ? assessments.flat() : [{ kind: 'paragraph', text: w('none'), italic: true } as Block]),
      { kind: 'heading', text: w('supportPlans') },
      ...(c.supportPlans.length
        ? c.supportPlans.flatMap((p, i) => planBlocks(p, lang, { heading: `${i + 1}. ${w('supportPlan')} · ${w('revision')} ${p.revisionNumber}`, versions: c.supportPlans, history: i === c.supportPlans.length - 1 }))
        : [{ kind: 'paragraph', text: w('none'), italic: true } as Block]),
      { kind: 'heading', text: w('contracts') },
      ...(c.contracts.length
        ? c.contracts.flatMap((k) => [{ kind: 'subheading', text: `${w('contract')} № ${k.number}` } as Block, ...contractBlocks(k, c, center, lang)])
        : [{ kind: 'paragraph', text: w('none'), italic: true } as Block]),
      { kind: 'heading', text: w('timeline') },
      timeline.length
        ? { kind: 'table', header: [w('date'), w('what'), w('by'), w('text')], widths: [70, 120, 90, '*'], rows: timeline.map((t) => t.row) }
        : { kind: 'paragraph', text: w('none'), italic: true },
      { kind: 'paragraph', text: w('restrictedLeftOut'), italic: true },
    ];
    if (c.closedOn) {
      blocks.push({ kind: 'heading', text: w('closure') });
      blocks.push({
        kind: 'fields',
        rows: [
          [w('closedOn'), formatDay(c.closedOn, lang)],
          [w('outcome'), c.closureOutcome ? enumLabel('ClosureOutcome', c.closureOutcome, lang) : null],
          [w('closureNote'), c.closureNote],
        ],
      });
    }
    blocks.push({ kind: 'signatures', signers: staffSigners(c, lang, await managerName(ctx)) });
    return {
      document: {
        lang,
        title: w('caseFile'),
        subtitle: `${w('caseNumber')} ${c.number} · ${formatDay(from, lang)} – ${formatDay(to, lang)}`,
        center,
        blocks,
        producedBy: producedBy(ctx, lang),
      },
      filename: safeFilename(c.number, 'case-file', isoDay(from), isoDay(to)),
      subject: { entityType: 'Case', entityId: c.id },
      detail: { from: isoDay(from), to: isoDay(to) },
    };
  },
};
