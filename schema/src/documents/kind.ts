import type { Lang } from '@opora/common/vocabulary';
import type { Context } from '../context.ts';
import type { PrintedDocument } from './engine.ts';

// One printable document kind: what it is about (its subject's GraphQL type), and how it is
// built from the record inside the request's transaction. The PDF is rendered afterwards.

export type DocumentInput = {
  ctx: Context;
  /** The subject's global id (a Case, a Consent, an Assessment, a SupportPlan, a Contract). */
  id: string;
  lang: Lang;
  /** The kind's own arguments (a period, an addressee, a reason…), as strings. */
  params: Readonly<Record<string, string | undefined>>;
};

export type BuiltDocument = {
  document: PrintedDocument;
  /** Sanitized: the case number and the kind. */
  filename: string;
  /** The record the EXPORT event names. */
  subject: { entityType: string; entityId: string };
  detail?: Record<string, string | number | null>;
  /** The same content as data, for a kind that is also served as JSON (subject-access). */
  data?: unknown;
};

export type DocumentKind = {
  name: string;
  subjectType: 'Case' | 'Consent' | 'Assessment' | 'SupportPlan' | 'Contract' | 'Client' | 'YearlyReport' | 'MunicipalAnalysis';
  build(input: DocumentInput): Promise<BuiltDocument>;
};
