import type { Lang } from '@opora/common/vocabulary';
import type { Context } from '../context.ts';
import { notFound } from '../support/errors.ts';
import type { BuiltDocument, DocumentKind } from './kind.ts';
import { caseFile } from './kinds/case-file.ts';
import { closureReport } from './kinds/closure-report.ts';
import { consentDeclaration } from './kinds/consent-declaration.ts';
import { contract } from './kinds/contract.ts';
import { needsAssessment } from './kinds/needs-assessment.ts';
import { referralLetter } from './kinds/referral-letter.ts';
import { supportPlan } from './kinds/support-plan.ts';
import { subjectAccess } from './kinds/subject-access.ts';
import { yearlyReport } from './kinds/yearly-report.ts';
import { municipalAnalysis } from './kinds/municipal-analysis.ts';

// Printable documents (issue #16): each kind is a small module in ./kinds that reads its record
// under the GraphQL rules and returns blocks; ./engine.ts renders them as PDF. A new kind is one
// more module and one more line below.

const KINDS: readonly DocumentKind[] = [consentDeclaration, referralLetter, closureReport, caseFile, needsAssessment, supportPlan, contract, subjectAccess, yearlyReport, municipalAnalysis];

export const DOCUMENT_KINDS: ReadonlyMap<string, DocumentKind> = new Map(KINDS.map((k) => [k.name, k]));

/**
 * Builds a document inside the request's transaction: the kind checks access and reads; each
 * person printed is a READ event naming the kind, and the document itself an EXPORT of its
 * subject. Render it with renderPdf after the transaction (slow work stays outside the database).
 */
export async function buildDocument(
  ctx: Context,
  kindName: string,
  id: string,
  lang: Lang,
  params: Readonly<Record<string, string | undefined>>,
): Promise<BuiltDocument> {
  const kind = DOCUMENT_KINDS.get(kindName);
  if (!kind) throw notFound(ctx.locale);
  const built = await kind.build({ ctx, id, lang, params });
  ctx.audit.record('EXPORT', built.subject.entityType, built.subject.entityId, { document: kind.name, lang, ...(built.detail ?? {}) });
  return built;
}

export { renderPdf, type PrintedDocument, type Block } from './engine.ts';
export { renderDocx } from './docx.ts';
export type { BuiltDocument, DocumentKind } from './kind.ts';
