import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql, readFragment } from '../../graphql.ts';
import { FormError, TextField } from '../../components/form.tsx';
import { ErrorBanner } from '../../components/states.tsx';
import { currentLang } from '../../i18n/index.ts';
import { useFormat } from '../../lib/format.ts';
import { wordsOf } from '../../lib/urql.ts';

// The Documents section of the case page and the client page, and of a record shown there (a
// contract, an assessment, a plan's version, a consent): files kept with the record
// (scanned papers, a phone's photos, documents). Uploaded and downloaded over /files (plain
// HTTP with the CSRF header; server/src/file-transfers.ts), listed, voided and erased through
// GraphQL. The server reads the type from the content; `accept` only helps the picker.

export const AttachmentRowFields = graphql(`
  fragment AttachmentRowFields on Attachment {
    id fileName mediaType byteSize owner uploadedAt downloadPath voidedAt voidReason erasedAt erasureReason
    uploadedBy { id user { displayName } } voidedBy { id user { displayName } } erasedBy { id user { displayName } }
  }
`);

const DocumentsQuery = graphql(
  `
  query RecordDocuments($id: ID!) {
    center { id attachmentMaxBytes attachmentMaxPerRecord }
    node(id: $id) {
      __typename
      ... on Case { id attachments { ...AttachmentRowFields } }
      ... on Client { id attachments { ...AttachmentRowFields } }
      ... on Contract { id attachments { ...AttachmentRowFields } }
      ... on Assessment { id attachments { ...AttachmentRowFields } }
      ... on SupportPlan { id attachments { ...AttachmentRowFields } }
      ... on Consent { id attachments { ...AttachmentRowFields } }
    }
  }
`,
  [AttachmentRowFields],
);

const VoidAttachment = graphql(`
  mutation VoidAttachment($id: ID!, $reason: String!) {
    voidAttachment(id: $id, reason: $reason) { id voidedAt voidReason voidedBy { id user { displayName } } }
  }
`);

const EraseAttachment = graphql(`
  mutation EraseAttachment($id: ID!, $reason: String!) {
    eraseAttachment(id: $id, reason: $reason) { id erasedAt erasureReason downloadPath erasedBy { id user { displayName } } }
  }
`);

/** What the file pickers offer; the server decides by the content. */
const ACCEPT = 'application/pdf,image/*,.heic,.docx,.xlsx,.odt,.ods';

type Answer = { errors?: { message?: string; extensions?: { code?: string; messageBg?: string; messageEn?: string } }[] };

/** An error answer of /files in the reader's language. */
async function answerWords(res: Response, fallback: string): Promise<string> {
  try {
    const body = (await res.json()) as Answer;
    const first = body.errors?.[0];
    if (!first) return fallback;
    return wordsOf({ message: first.message, messageBg: first.extensions?.messageBg, messageEn: first.extensions?.messageEn }, currentLang(), first.extensions?.code) ?? fallback;
  } catch {
    return fallback;
  }
}

/** Saves a file from /files: fetched with the CSRF header (a plain link could not send it), then handed to the browser as a download. */
async function saveFile(path: string, fileName: string): Promise<string | null> {
  const res = await fetch(path, { credentials: 'same-origin', headers: { 'apollo-require-preflight': 'true', 'x-opora-language': currentLang() } });
  if (!res.ok) return answerWords(res, '');
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}

type DocumentsProps = {
  ownerId: string;
  canAdd: boolean;
  canErase: boolean;
  /** Inside another card (a contract, an assessment, a plan, a consent): a smaller heading of its own, no card around it. */
  embedded?: { title: string; testId: string };
};

export function Documents({ ownerId, canAdd, canErase, embedded }: DocumentsProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const [result, refetch] = useQuery({ query: DocumentsQuery, variables: { id: ownerId } });
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const node = result.data?.node;
  const files = node && 'attachments' in node ? readFragment(AttachmentRowFields, node.attachments) : null;
  const limits = result.data?.center;

  async function upload(file: File | undefined) {
    if (!file) return;
    setProblem(null);
    setDone(null);
    setUploading(true);
    try {
      const res = await fetch(`/files?owner=${encodeURIComponent(ownerId)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'apollo-require-preflight': 'true',
          'content-type': 'application/octet-stream',
          'x-file-name': encodeURIComponent(file.name),
          'x-opora-language': currentLang(),
        },
        body: file,
      });
      if (!res.ok) setProblem(await answerWords(res, t('state.error')));
      else {
        setDone(t('documents.uploaded', { name: file.name }));
        refetch({ requestPolicy: 'network-only' });
      }
    } catch {
      setProblem(t('state.offline'));
    } finally {
      setUploading(false);
      if (picker.current) picker.current.value = '';
      if (camera.current) camera.current.value = '';
    }
  }

  return (
    <section
      className={embedded ? 'documents-embedded' : 'card'}
      aria-labelledby={`documents-h-${ownerId}`}
      data-testid={embedded?.testId ?? 'documents'}
    >
      {embedded ? <h3 id={`documents-h-${ownerId}`}>{embedded.title}</h3> : <h2 id={`documents-h-${ownerId}`}>{t('documents.title')}</h2>}
      {canAdd && (
        <div className="documents-add">
          <label className="btn btn-primary btn-small">
            {t('documents.choose')}
            <input ref={picker} className="visually-hidden" type="file" accept={ACCEPT} data-testid="document-file" disabled={uploading} onChange={(e) => void upload(e.target.files?.[0])} />
          </label>
          <label className="btn btn-small">
            {t('documents.photo')}
            {/* On a phone this opens the camera; a scanned page is then kept as a photo. */}
            <input ref={camera} className="visually-hidden" type="file" accept="image/*" capture="environment" disabled={uploading} onChange={(e) => void upload(e.target.files?.[0])} />
          </label>
          {limits && (
            <p className="muted small">
              {t('documents.limits', { size: sizeText(limits.attachmentMaxBytes, f.number), count: limits.attachmentMaxPerRecord })}
            </p>
          )}
        </div>
      )}
      {uploading && <p className="muted" role="status">{t('documents.uploading')}</p>}
      {problem && (
        <div className="banner banner-error" role="alert" data-testid="document-error">
          {problem}
        </div>
      )}
      {done && (
        <div className="banner banner-ok" role="status">
          {done}
        </div>
      )}
      <ErrorBanner error={result.error} />
      {files && files.length === 0 && <p className="muted">{t('documents.empty')}</p>}
      {files && files.length > 0 && (
        <ul className="list" data-testid="document-list">
          {files.map((a) => (
            <DocumentRow key={a.id} a={a} canChange={canAdd} canErase={canErase} onProblem={setProblem} />
          ))}
        </ul>
      )}
    </section>
  );
}

type Row = {
  id: string;
  fileName: string;
  mediaType: string;
  byteSize: number;
  owner: string;
  uploadedAt: unknown;
  downloadPath: string | null;
  voidedAt: unknown;
  voidReason: string | null;
  erasedAt: unknown;
  erasureReason: string | null;
  uploadedBy: { user: { displayName: string } } | null;
  voidedBy: { user: { displayName: string } } | null;
  erasedBy: { user: { displayName: string } } | null;
};

function DocumentRow({ a, canChange, canErase, onProblem }: { a: Row; canChange: boolean; canErase: boolean; onProblem: (p: string | null) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [acting, setActing] = useState<'void' | 'erase' | null>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [voided, voidIt] = useMutation(VoidAttachment);
  const [erased, eraseIt] = useMutation(EraseAttachment);
  const mutation = acting === 'erase' ? erased : voided;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) return setMissing(true);
    setMissing(false);
    const r = acting === 'erase' ? await eraseIt({ id: a.id, reason: reason.trim() }) : await voidIt({ id: a.id, reason: reason.trim() });
    if (r.data) {
      setActing(null);
      setReason('');
    }
  }

  return (
    <li className={a.voidedAt || a.erasedAt ? 'list-row-voided' : undefined} data-testid="document-row">
      <div className="list-row document-row">
        <span className="list-main">
          <strong className="document-name">{a.fileName}</strong>
          <span className="muted">
            {typeLabel(a.mediaType)} · {sizeText(a.byteSize, f.number)} · {t(`attachmentOwner.${a.owner}`)} · {a.uploadedBy?.user.displayName ?? '—'}, {f.dateTime(a.uploadedAt as string)}
          </span>
          {Boolean(a.voidedAt) && (
            <span className="small">
              <span className="badge badge-grey">{t('documents.voided')}</span> {a.voidedBy?.user.displayName}, {f.dateTime(a.voidedAt as string)}: {a.voidReason}
            </span>
          )}
          {Boolean(a.erasedAt) && (
            <span className="small">
              <span className="badge badge-err">{t('documents.erased')}</span> {a.erasedBy?.user.displayName}, {f.dateTime(a.erasedAt as string)}: {a.erasureReason}
            </span>
          )}
        </span>
        <span className="document-actions">
          {a.downloadPath && (
            <button
              type="button"
              className="btn btn-small"
              onClick={async () => {
                onProblem(null);
                const problem = await saveFile(a.downloadPath!, a.fileName);
                if (problem !== null) onProblem(problem || t('state.error'));
              }}
            >
              {t('documents.download')}
            </button>
          )}
          {canChange && !a.voidedAt && !a.erasedAt && (
            <button type="button" className="btn btn-small btn-quiet" onClick={() => setActing(acting === 'void' ? null : 'void')}>
              {t('documents.void')}
            </button>
          )}
          {canErase && !a.erasedAt && (
            <button type="button" className="btn btn-small btn-quiet" onClick={() => setActing(acting === 'erase' ? null : 'erase')}>
              {t('documents.erase')}
            </button>
          )}
        </span>
      </div>
      {acting && (
        <form className="form document-reason" onSubmit={submit} noValidate>
          <FormError error={mutation.error} fields={['reason']} />
          <p className="muted small">{acting === 'erase' ? t('documents.eraseExplained') : t('documents.voidExplained')}</p>
          <TextField
            label={acting === 'erase' ? t('documents.eraseReason') : t('documents.voidReason')}
            value={reason}
            error={missing ? t('validation.required') : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary btn-small" disabled={mutation.fetching}>
              {acting === 'erase' ? t('documents.confirmErase') : t('documents.confirmVoid')}
            </button>
            <button type="button" className="btn btn-small btn-quiet" onClick={() => setActing(null)}>
              {t('documents.cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
  'image/webp': 'WebP',
  'image/tiff': 'TIFF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
};

function typeLabel(mediaType: string): string {
  return TYPE_NAMES[mediaType] ?? mediaType;
}

function sizeText(bytes: number, number: (n: number, digits?: number) => string): string {
  // 1 MB = 1024 KB, as the settings screen and the server's messages count them.
  if (bytes >= 1024 * 1024) return `${number(bytes / (1024 * 1024), 1)} MB`;
  if (bytes >= 1024) return `${number(bytes / 1024, 1)} KB`;
  return `${number(bytes)} B`;
}
