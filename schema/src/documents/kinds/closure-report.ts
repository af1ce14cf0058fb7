import { documentWords, enumLabel } from '@opora/common/vocabulary';
import { stageRefusal } from '../../modules/case-workflow.ts';
import type { DocumentKind } from '../kind.ts';
import type { Block } from '../engine.ts';
import { allGoalsBlock, areaTables, caseDays, personBlock, sessionsByKindBlock, staffSigners } from '../sections.ts';
import { caseRecord, caseSessions, centerHeading, formatDay, managerName, producedBy, safeFilename, uuidOf } from '../source.ts';

// The closure report: dates, the ground/outcome, and a summary of the work (sessions counted by
// kind, every plan's goals with their status, and the needs by area at the last assessment
// against the first: what changed). Only for a closed case.

export const closureReport: DocumentKind = {
  name: 'closure-report',
  subjectType: 'Case',
  async build({ ctx, id, lang }) {
    const w = documentWords(lang);
    const c = await caseRecord(ctx, uuidOf(ctx, id, 'Case'), 'closure-report');
    if (c.status !== 'CLOSED' || !c.closedOn) throw stageRefusal(ctx.locale, 'closureReportNeedsClosedCase', c.status);
    const sessions = await caseSessions(ctx, c.id);
    const completed = c.assessments.filter((a) => a.completedOn).sort((x, y) => +x.completedOn! - +y.completedOn!);
    const [first, last] = [completed[0], completed.at(-1)];
    const areas: Block[] = last
      ? [
          { kind: 'subheading', text: first !== last ? w('areasFirstAndLast', { first: formatDay(first!.completedOn, lang), last: formatDay(last.completedOn, lang) }) : w('areasAssessed', { day: formatDay(last.completedOn, lang) }) },
          ...areaTables(last, lang, c.person.kind, first !== last ? first! : null),
        ]
      : [];
    return {
      document: {
        lang,
        title: w('closureReport'),
        subtitle: `${w('caseNumber')} ${c.number}`,
        center: await centerHeading(ctx, lang),
        blocks: [
          { kind: 'heading', text: w('theChild') },
          personBlock(c.person, lang),
          { kind: 'heading', text: w('closure') },
          {
            kind: 'fields',
            rows: [
              [w('caseNumber'), c.number],
              [w('referralDate'), formatDay(c.referralDate, lang)],
              [w('closedOn'), formatDay(c.closedOn, lang)],
              [w('duration'), w('days', { n: caseDays(c) })],
              [w('outcome'), c.closureOutcome ? enumLabel('ClosureOutcome', c.closureOutcome, lang) : null],
              [w('closureNote'), c.closureNote],
            ],
          },
          { kind: 'heading', text: w('workDone') },
          { kind: 'subheading', text: w('sessionsByKind') },
          sessionsByKindBlock(sessions, lang),
          { kind: 'subheading', text: w('goals') },
          allGoalsBlock(c, lang),
          ...areas,
          { kind: 'signatures', signers: staffSigners(c, lang, await managerName(ctx)) },
        ],
        producedBy: producedBy(ctx, lang),
      },
      filename: safeFilename(c.number, 'closure-report'),
      subject: { entityType: 'Case', entityId: c.id },
    };
  },
};
