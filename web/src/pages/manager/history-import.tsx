import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/layout.tsx';
import { currentLang } from '../../i18n/index.ts';
import { wordsOf } from '../../lib/urql.ts';

// „Внасяне на данни“ (managers only): the center's history from a file (server/src/history-import.ts).
// Download the template, upload a file for a dry run (every refused row, every probable
// duplicate), then confirm: the same file is imported whole, or nothing is.

type Refused = { sheet: string; row: number; column: string | null; columnBg: string | null; columnEn: string | null; messageBg: string; messageEn: string };
type Duplicate = { sheet: string; row: number; ref: string; name: string; birthDate: string; messageBg: string; messageEn: string };
type Report = { fileName: string; counts: Record<string, number>; refused: Refused[]; duplicates: Duplicate[] };
type Answer = { report?: Report; errors?: { message?: string; extensions?: { code?: string; messageBg?: string; messageEn?: string } }[] };

const COUNTS = ['clients', 'households', 'householdMembers', 'cases', 'sessions', 'groupMeetings', 'attendances'] as const;
const HEADERS = { 'apollo-require-preflight': 'true' };

async function post(path: string, file: File): Promise<{ status: number; body: Answer }> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...HEADERS, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name), 'x-opora-language': currentLang() },
    body: file,
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Answer };
}

function errorWords(body: Answer, fallback: string): string {
  const first = body.errors?.[0];
  if (!first) return fallback;
  return wordsOf({ message: first.message, messageBg: first.extensions?.messageBg, messageEn: first.extensions?.messageEn }, currentLang(), first.extensions?.code) ?? fallback;
}

async function download(path: string, name: string): Promise<boolean> {
  const res = await fetch(path, { credentials: 'same-origin', headers: { ...HEADERS, 'x-opora-language': currentLang() } });
  if (!res.ok) return false;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}

export function HistoryImportPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const picker = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<Report | null>(null);

  async function checkFile(chosen: File | undefined) {
    if (!chosen) return;
    setFile(chosen);
    setReport(null);
    setDone(null);
    setProblem(null);
    setBusy('check');
    try {
      const { status, body } = await post('/import/check', chosen);
      if (status === 200 && body.report) setReport(body.report);
      else setProblem(errorWords(body, t('state.error')));
    } catch {
      setProblem(t('state.offline'));
    } finally {
      setBusy(null);
      if (picker.current) picker.current.value = '';
    }
  }

  async function importFile() {
    if (!file) return;
    setBusy('import');
    setProblem(null);
    try {
      const { status, body } = await post('/import', file);
      if (status === 201 && body.report) {
        setDone(body.report);
        setReport(null);
        setFile(null);
      } else {
        if (body.report) setReport(body.report);
        setProblem(errorWords(body, t('state.error')));
      }
    } catch {
      setProblem(t('state.offline'));
    } finally {
      setBusy(null);
    }
  }

  const canImport = report && report.refused.length === 0 && Object.values(report.counts).some((n) => n > 0);
  return (
    <>
      <PageHeader title={t('historyImport.title')} />
      <section className="card" aria-labelledby="import-template-h">
        <h2 id="import-template-h">{t('historyImport.templateTitle')}</h2>
        <p>{t('historyImport.templateHelp')}</p>
        <button type="button" className="btn btn-small" onClick={() => void download('/import/template.xlsx', 'opora-vnasyane-shablon.xlsx')}>
          {t('historyImport.downloadTemplate')}
        </button>
      </section>
      <section className="card" aria-labelledby="import-upload-h">
        <h2 id="import-upload-h">{t('historyImport.uploadTitle')}</h2>
        <p>{t('historyImport.uploadHelp')}</p>
        <label className="btn">
          {busy === 'check' ? t('historyImport.checking') : t('historyImport.chooseFile')}
          <input
            ref={picker}
            type="file"
            hidden
            data-testid="import-file"
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => void checkFile(e.target.files?.[0])}
            disabled={busy !== null}
          />
        </label>
        {problem && (
          <p role="alert" className="form-error">
            {problem}
          </p>
        )}
        {done && (
          <p role="status" data-testid="import-done">
            {t('historyImport.done', { cases: done.counts.cases ?? 0, sessions: done.counts.sessions ?? 0, clients: done.counts.clients ?? 0 })}
          </p>
        )}
      </section>
      {report && (
        <section className="card" aria-labelledby="import-report-h" data-testid="import-report">
          <h2 id="import-report-h">{t('historyImport.reportTitle', { name: report.fileName })}</h2>
          <dl className="facts">
            {COUNTS.map((k) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{t(`historyImport.counts.${k}`)}</dt>
                <dd data-testid={`import-count-${k}`}>{report.counts[k] ?? 0}</dd>
              </div>
            ))}
          </dl>
          <h3>{t('historyImport.refusedTitle', { count: report.refused.length })}</h3>
          {report.refused.length === 0 ? (
            <p>{t('historyImport.noRefused')}</p>
          ) : (
            <table className="table" data-testid="import-refused">
              <thead>
                <tr>
                  <th>{t('historyImport.sheet')}</th>
                  <th>{t('historyImport.row')}</th>
                  <th>{t('historyImport.column')}</th>
                  <th>{t('historyImport.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.refused.map((r, i) => (
                  <tr key={i}>
                    <td>{r.sheet}</td>
                    <td>{r.row}</td>
                    <td>{(lang === 'en' ? r.columnEn : r.columnBg) ?? '—'}</td>
                    <td>{lang === 'en' ? r.messageEn : r.messageBg}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('historyImport.duplicatesTitle', { count: report.duplicates.length })}</h3>
          {report.duplicates.length === 0 ? (
            <p>{t('historyImport.noDuplicates')}</p>
          ) : (
            <table className="table" data-testid="import-duplicates">
              <thead>
                <tr>
                  <th>{t('historyImport.sheet')}</th>
                  <th>{t('historyImport.row')}</th>
                  <th>{t('historyImport.person')}</th>
                  <th>{t('historyImport.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.duplicates.map((d, i) => (
                  <tr key={i}>
                    <td>{d.sheet}</td>
                    <td>{d.row}</td>
                    <td>
                      {d.name} ({d.birthDate})
                    </td>
                    <td>{lang === 'en' ? d.messageEn : d.messageBg}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.refused.length > 0 ? (
            <p>{t('historyImport.fixAndUpload')}</p>
          ) : (
            <button type="button" className="btn btn-primary" disabled={!canImport || busy !== null} onClick={() => void importFile()}>
              {busy === 'import' ? t('historyImport.importing') : t('historyImport.confirm')}
            </button>
          )}
        </section>
      )}
    </>
  );
}
