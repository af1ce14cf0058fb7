import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
// exceljs: the well-kept XLSX writer (MIT, streaming-capable), chosen for the audit trail's export.
import ExcelJS from 'exceljs';
import type { Database } from '@opora/prisma/db';
import { auditExportRows, oporaError } from '@opora/schema';
import { auditExportWords } from '@opora/common/vocabulary';
import { clientAddress } from './client-address.ts';
import { createRequestContext } from './request-context.ts';
import { header, sendDoorFailure, sendError } from './door-errors.ts';
import { signInDoor } from './door-sign-in.ts';
import { pickLocale } from './request-scope.ts';

// GET /audit/export.xlsx?from=…&to=…&action=…&entityType=…&actorMembershipId=…&personId=…
// The center's audit trail as the manager filtered it, as XLSX: signed in like /graphql (bearer
// token, or the session cookie with the CSRF header), one transaction as the viewer, the same
// filter and words as `auditEvents` (schema's auditExportRows checks the manager's rule), and
// the export is itself an EXPORT event naming the filter and the row count.

export async function handleAuditExport(
  req: IncomingMessage,
  res: ServerResponse,
  database: Database,
  logger: Logger,
  trustedProxies: ReadonlySet<string> = new Set(),
  deadlines: { queryTimeoutMs?: number; transactionTimeoutMs?: number } = {},
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const locale = pickLocale(header(req, 'x-opora-language'), header(req, 'accept-language'));
  if (req.method !== 'GET' || url.pathname !== '/audit/export.xlsx') return sendError(res, 404, oporaError('NOT_FOUND', 'notFound', locale));
  const door = signInDoor(req, res, database, locale, deadlines);
  if (!door) return;
  const { requestId } = door;
  try {
    const rows = await door.asViewer(async (tx, viewer) => {
      const ctx = createRequestContext(tx, viewer, { requestId, locale, ip: clientAddress(req, trustedProxies), userAgent: header(req, 'user-agent') ?? null });
      const rows = await auditExportRows(ctx, url.searchParams);
      ctx.audit.record('EXPORT', 'AuditEvent', null, { filter: Object.fromEntries(url.searchParams), rows: rows.length });
      await ctx.audit.flush(tx);
      return rows;
    });

    const words = auditExportWords(locale);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet(words.sheet);
    sheet.columns = (Object.keys(words.columns) as Array<keyof typeof words.columns>).map((key) => ({ header: words.columns[key], key, width: key === 'userAgent' ? 40 : 20 }));
    sheet.getRow(1).font = { bold: true };
    for (const row of rows) sheet.addRow(row);
    sheet.getColumn('at').numFmt = 'yyyy-mm-dd hh:mm:ss';
    const body = Buffer.from(await book.xlsx.writeBuffer());
    res.statusCode = 200;
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', 'attachment; filename="audit-trail.xlsx"');
    res.setHeader('cache-control', 'no-store');
    res.end(body);
  } catch (error) {
    sendDoorFailure(res, error, locale, { logger, requestId, what: 'audit export failed' });
  }
}

