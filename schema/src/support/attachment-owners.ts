import type { TenantTx } from '@opora/prisma/tenant';
import { decodeId } from './global-id.ts';

// The records a file may belong to: one line each (the client, case, assessment, plan,
// contract and consent). A new owner kind is one line here plus one migration (its nullable
// column with the composite (centerId, id) foreign key, and the attachment_one_owner CHECK
// restated with it; see migrations 20261203053238_attachments and 20261203085457_contract_attachments).
// `caseOf`: how to find the owner's case (changes to a case's files are for its team), or null
// for a record of the person (client, consent: any staff of the center, like the record itself).

type OwnerModel = 'client' | 'case' | 'assessment' | 'supportPlan' | 'contract' | 'consent';

export const ATTACHMENT_OWNERS = {
  Client: { column: 'clientId', model: 'client', kind: 'CLIENT', caseOf: null },
  Case: { column: 'caseId', model: 'case', kind: 'CASE', caseOf: 'id' },
  Assessment: { column: 'assessmentId', model: 'assessment', kind: 'ASSESSMENT', caseOf: 'caseId' },
  SupportPlan: { column: 'supportPlanId', model: 'supportPlan', kind: 'SUPPORT_PLAN', caseOf: 'caseId' },
  Contract: { column: 'contractId', model: 'contract', kind: 'CONTRACT', caseOf: 'caseId' },
  Consent: { column: 'consentId', model: 'consent', kind: 'CONSENT', caseOf: null },
} as const satisfies Record<string, { column: string; model: OwnerModel; kind: string; caseOf: 'id' | 'caseId' | null }>;

export type OwnerType = keyof typeof ATTACHMENT_OWNERS;
export type OwnerColumn = (typeof ATTACHMENT_OWNERS)[OwnerType]['column'];
export type OwnerKind = (typeof ATTACHMENT_OWNERS)[OwnerType]['kind'];
export const OWNER_KINDS = Object.values(ATTACHMENT_OWNERS).map((o) => o.kind) as OwnerKind[];
export const OWNER_COLUMNS = Object.values(ATTACHMENT_OWNERS).map((o) => o.column) as OwnerColumn[];

export type FoundOwner = { type: OwnerType; id: string; caseId: string | null };

type Finder = { findFirst(args: { where: { id: string }; select: Record<string, true> }): Promise<Record<string, string> | null> };

/** The record a global id names, when it may carry files and exists in the active center (RLS hides the rest). */
export async function findOwner(db: TenantTx, globalId: string): Promise<FoundOwner | null> {
  const { typename, id } = decodeId(globalId);
  if (!Object.prototype.hasOwnProperty.call(ATTACHMENT_OWNERS, typename)) return null;
  const type = typename as OwnerType;
  const owner = ATTACHMENT_OWNERS[type];
  const finder = (db as unknown as Record<OwnerModel, Finder>)[owner.model];
  const row = await finder.findFirst({ where: { id }, select: { id: true, ...(owner.caseOf === 'caseId' ? { caseId: true } : {}) } });
  if (!row) return null;
  return { type, id: row.id!, caseId: owner.caseOf === 'id' ? row.id! : owner.caseOf === 'caseId' ? row.caseId! : null };
}

type AttachmentOwnerColumns = { [K in OwnerColumn]: string | null };

/** The owner of a stored attachment (the one column set), with its case when it has one. */
export async function ownerOfAttachment(db: TenantTx, attachment: AttachmentOwnerColumns): Promise<FoundOwner | null> {
  for (const [type, owner] of Object.entries(ATTACHMENT_OWNERS) as [OwnerType, (typeof ATTACHMENT_OWNERS)[OwnerType]][]) {
    const id = attachment[owner.column];
    if (!id) continue;
    if (owner.caseOf === null) return { type, id, caseId: null };
    if (owner.caseOf === 'id') return { type, id, caseId: id };
    const finder = (db as unknown as Record<OwnerModel, Finder>)[owner.model];
    const row = await finder.findFirst({ where: { id }, select: { caseId: true } });
    return { type, id, caseId: row?.caseId ?? null };
  }
  return null;
}

export const OWNER_SELECT = Object.fromEntries(OWNER_COLUMNS.map((c) => [c, true])) as { [K in OwnerColumn]: true };
