import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from 'urql';
import { PageHeader } from '../components/layout.tsx';
import { SelectField, TextArea, TextField } from '../components/form.tsx';
import { Spinner } from '../components/states.tsx';
import { OFFLINE_NS } from '../i18n/offline.ts';
import { todayIso, useFormat } from '../lib/format.ts';
import { currentLang } from '../i18n/index.ts';
import { useSession } from '../session.tsx';
import { offlineDays } from '../offline/device.ts';
import { useDeviceRead, useOnline } from '../offline/hooks.ts';
import { dismiss, queueWrite, sendWaiting, waitingWrites, type Queued, type VisitWrite, type Write } from '../offline/queue.ts';
import { readCopy, refreshCopy, type DeviceCase, type DeviceSnapshot, type DeviceWork } from '../offline/sync.ts';

// The field page (issue #17, item 4): what the device keeps, readable without a signal, and the
// writes of the field. Every write goes through the device's queue, online or not: sent at once
// when there is a connection, kept (sealed) until there is one otherwise.

const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (instant: string) => {
  const d = new Date(instant);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
/** The value of a datetime-local input for an instant, in the device's time. */
const localInput = (d: Date) => `${localDay(d.toISOString())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

export function FieldPage() {
  const { t } = useTranslation(OFFLINE_NS);
  const f = useFormat();
  const client = useClient();
  const online = useOnline();
  const { viewer, provisional } = useSession();
  const membershipId = viewer?.activeMembership?.id ?? '';
  const copy = useDeviceRead(readCopy, undefined as Awaited<ReturnType<typeof readCopy>> | undefined);
  const queue = useDeviceRead(waitingWrites, []);
  const days = useDeviceRead(offlineDays, 0);
  const [refreshing, setRefreshing] = useState(false);
  // Opened with a connection: the copy is made fresh (what was planned a minute ago is in it), once
  // the server has said who is signed in (reopened, the page shows the device's copy until then).
  useEffect(() => {
    if (!navigator.onLine || provisional) return;
    setRefreshing(true);
    void refreshCopy(client)
      .catch(() => undefined)
      .finally(() => setRefreshing(false));
  }, [client, provisional]);

  async function write(w: Write, caseNumber: string | null) {
    await queueWrite({ write: w, membershipId, caseNumber });
    if (!navigator.onLine) return;
    await sendWaiting(client, membershipId);
    await refreshCopy(client);
  }

  const today = todayIso();
  const work = copy?.value.work ?? [];
  const heldInQueue = new Set(queue.flatMap((q) => (q.value.write.kind === 'hold' && !q.value.refusal ? [q.value.write.sessionId] : [])));

  return (
    <>
      <PageHeader
        title={t('title')}
        lead={t('lead')}
        actions={
          online ? (
            <button
              type="button"
              className="btn"
              disabled={refreshing || provisional}
              onClick={() => {
                setRefreshing(true);
                void refreshCopy(client).finally(() => setRefreshing(false));
              }}
            >
              {t('refresh')}
            </button>
          ) : (
            <span className="badge badge-cancelled" data-testid="field-offline">
              {t('offline')}
            </span>
          )
        }
      />
      <QueueList queue={queue} />
      {copy === undefined ? (
        <Spinner />
      ) : copy === null ? (
        <p className="muted" data-testid="field-no-copy">
          {t('noCopy')}
        </p>
      ) : (
        <>
          <p className="muted" data-testid="field-saved-at">
            {t('savedAt', { time: f.dateTime(new Date(copy.savedAt)) })} · {t('keeps', { count: days })}
          </p>
          {[
            { title: t('today'), day: today },
            { title: t('tomorrow'), day: copy.value.to === today ? '' : copy.value.to },
          ].map(({ title, day }) => {
            const of = work.filter((w) => localDay(w.startsAt) === day);
            return (
              <section key={title} className="card" data-testid={day === today ? 'field-today' : 'field-tomorrow'}>
                <h2>{title}</h2>
                {of.length === 0 ? (
                  <p className="muted">{t('noWork')}</p>
                ) : (
                  <ul className="list">
                    {of.map((w) => (
                      <FieldWork key={w.id} w={w} canHold={day === today} queued={heldInQueue.has(w.id)} onHold={(note) => write({ kind: 'hold', sessionId: w.id, note }, w.case?.number ?? null)} />
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
          <section className="card" data-testid="field-cases">
            <h2>{t('cases')}</h2>
            {copy.value.cases.length === 0 ? (
              <p className="muted">{t('noCases')}</p>
            ) : (
              <ul className="list">
                {copy.value.cases.map((c) => (
                  <FieldCase
                    key={c.id}
                    c={c}
                    copy={copy.value}
                    onNote={(body) => write({ kind: 'note', caseId: c.id, body }, c.number)}
                    onVisit={(visit) => write({ kind: 'visit', caseId: c.id, ...visit }, c.number)}
                  />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}

function QueueList({ queue }: { queue: { id: number; value: Queued; savedAt: number }[] }) {
  const { t } = useTranslation(OFFLINE_NS);
  const f = useFormat();
  const lang = currentLang();
  return (
    <section className="card" data-testid="field-queue">
      <h2>{t('queue')}</h2>
      {queue.length === 0 ? (
        <p className="muted">{t('queueEmpty')}</p>
      ) : (
        <ul className="list">
          {queue.map(({ id, value: q, savedAt }) => (
            <li key={id} className="list-row" data-testid="queued-write" data-state={q.refusal ? 'refused' : 'waiting'}>
              <div className="list-main">
                <strong>
                  {q.write.kind === 'visit'
                    ? t(q.write.planned ? 'kindPlan' : 'kindVisit', { number: q.caseNumber ?? '—', time: f.dateTime(new Date(q.write.startsAt)) })
                    : t(q.write.kind === 'hold' ? 'kindHold' : 'kindNote', { number: q.caseNumber ?? '—' })}
                </strong>
                <span className="muted">{f.dateTime(new Date(savedAt))}</span>
                {q.refusal ? (
                  <span className="error-text" role="alert" data-testid="queued-refusal">
                    {t('refused')}: {lang === 'en' ? q.refusal.en : q.refusal.bg}
                  </span>
                ) : (
                  <span className="badge">{t('waitingItem')}</span>
                )}
              </div>
              {q.refusal && (
                <button type="button" className="btn btn-small" onClick={() => void dismiss(id)}>
                  {t('dismiss')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FieldWork({ w, canHold, queued, onHold }: { w: DeviceWork; canHold: boolean; queued: boolean; onHold: (note: string | null) => Promise<void> }) {
  const { t } = useTranslation(OFFLINE_NS);
  const { t: tMain } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await onHold(text.trim() || null);
      setOpen(false);
      setText('');
    } finally {
      setBusy(false);
    }
  }
  return (
    <li className="list-row work-item" data-testid="field-work" data-status={queued ? 'QUEUED' : w.status}>
      <div className="list-main">
        <strong>
          {f.time(w.startsAt)} · {tMain(`sessionKind.${w.kind}`)}
        </strong>
        <span className="muted">{[w.case?.number, w.clients.map((c) => c.fullName).join(', '), w.settlement?.name].filter(Boolean).join(' · ')}</span>
        <span className={`badge badge-${w.status.toLowerCase()}`}>{queued ? t('queuedHold') : tMain(`sessionStatus.${w.status}`)}</span>
      </div>
      {w.status === 'PLANNED' && canHold && !queued && (
        <div className="work-actions">
          {!open ? (
            <button type="button" className="btn btn-primary btn-small" onClick={() => setOpen(true)}>
              {t('hold')}
            </button>
          ) : (
            <form onSubmit={submit} className="form work-outcome">
              <TextArea label={t('holdNote')} optional value={text} onChange={(e) => setText(e.target.value)} />
              <div className="form-actions">
                <button type="submit" className="btn btn-primary btn-small" disabled={busy}>
                  {t('holdSubmit')}
                </button>
                <button type="button" className="btn btn-quiet btn-small" onClick={() => setOpen(false)}>
                  {t('cancel')}
                </button>
              </div>
            </form>
          )}
        </div>
      )}
    </li>
  );
}

type Visit = Omit<VisitWrite, 'kind' | 'caseId'>;

function FieldCase({ c, copy, onNote, onVisit }: { c: DeviceCase; copy: DeviceSnapshot; onNote: (body: string) => Promise<void>; onVisit: (visit: Visit) => Promise<void> }) {
  const { t } = useTranslation(OFFLINE_NS);
  const { t: tMain } = useTranslation();
  const [open, setOpen] = useState(false);
  const [visiting, setVisiting] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      await onNote(text.trim());
      setOpen(false);
      setText('');
    } finally {
      setBusy(false);
    }
  }
  return (
    <li className="list-row" data-testid="field-case">
      <div className="list-main">
        <strong>{c.number}</strong>
        <span className="muted">{[c.person.fullName, c.person.settlement?.name, tMain(`caseStatus.${c.status}`)].filter(Boolean).join(' · ')}</span>
      </div>
      <div className="work-actions">
        {visiting ? (
          <VisitForm c={c} copy={copy} onDone={() => setVisiting(false)} onVisit={onVisit} />
        ) : !open ? (
          <>
            <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>
              {t('addNote')}
            </button>{' '}
            <button type="button" className="btn btn-small" onClick={() => setVisiting(true)}>
              {t('newVisit')}
            </button>
          </>
        ) : (
          <form onSubmit={submit} className="form work-outcome">
            <TextArea label={t('noteBody')} required value={text} onChange={(e) => setText(e.target.value)} />
            <div className="form-actions">
              <button type="submit" className="btn btn-primary btn-small" disabled={busy}>
                {t('noteSubmit')}
              </button>
              <button type="button" className="btn btn-quiet btn-small" onClick={() => setOpen(false)}>
                {t('cancel')}
              </button>
            </div>
          </form>
        )}
      </div>
    </li>
  );
}

/**
 * A home or field visit for the case, written with or without a signal: held now (with its note)
 * or planned ahead. Where: the kept settlements of the center's municipalities, the person's own
 * first. The server checks it all again when it is sent; a refusal stays in the queue in words.
 */
function VisitForm({ c, copy, onVisit, onDone }: { c: DeviceCase; copy: DeviceSnapshot; onVisit: (visit: Visit) => Promise<void>; onDone: () => void }) {
  const { t } = useTranslation(OFFLINE_NS);
  const { t: tMain } = useTranslation();
  const services = copy.services ?? [];
  const [planned, setPlanned] = useState(false);
  const [visitKind, setVisitKind] = useState<Visit['visitKind']>('HOME_VISIT');
  const [settlementId, setSettlementId] = useState(c.person.settlement?.id ?? '');
  const [when, setWhen] = useState(() => localInput(new Date()));
  const [minutes, setMinutes] = useState('45');
  const [serviceId, setServiceId] = useState(services[0]?.id ?? '');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const settlements = [...copy.settlements].sort((a, b) => (a.id === c.person.settlement?.id ? -1 : b.id === c.person.settlement?.id ? 1 : a.name.localeCompare(b.name, 'bg')));
  const choosePlanned = (next: boolean) => {
    setPlanned(next);
    // Held: now. Planned: tomorrow at 10:00, the usual start of a round of visits.
    const start = new Date();
    if (next) {
      start.setDate(start.getDate() + 1);
      start.setHours(10, 0, 0, 0);
    }
    setWhen(localInput(start));
  };
  async function submit(e: FormEvent) {
    e.preventDefault();
    const startsAt = new Date(when);
    const duration = Number(minutes);
    // What the device can tell without the server: the rest is checked when it is sent.
    if (Number.isNaN(startsAt.getTime())) return setProblem(t('visitWhenMissing'));
    if (planned ? startsAt.getTime() <= Date.now() : startsAt.getTime() > Date.now() + 60_000) return setProblem(t(planned ? 'visitPlanPast' : 'visitHeldFuture'));
    if (!Number.isInteger(duration) || duration < 1 || duration > 720) return setProblem(t('visitDuration'));
    if (planned && !serviceId) return setProblem(t('visitNoService'));
    setProblem(null);
    setBusy(true);
    try {
      await onVisit({
        planned,
        visitKind,
        startsAt: startsAt.toISOString(),
        durationMinutes: duration,
        settlementId: settlementId || null,
        serviceId: planned ? serviceId : null,
        note: planned ? null : note.trim() || null,
      });
      onDone();
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="form work-outcome" aria-label={t('newVisitFor', { number: c.number })} data-testid="field-visit-form">
      <SelectField
        label={t('visitWhat')}
        name="visitPlanned"
        value={planned ? 'planned' : 'held'}
        onChange={(e) => choosePlanned(e.target.value === 'planned')}
        options={[
          { value: 'held', label: t('visitHeld') },
          { value: 'planned', label: t('visitPlanned') },
        ]}
      />
      <SelectField
        label={t('visitKind')}
        name="visitKind"
        value={visitKind}
        onChange={(e) => setVisitKind(e.target.value as Visit['visitKind'])}
        options={(['HOME_VISIT', 'FIELD_VISIT'] as const).map((k) => ({ value: k, label: tMain(`sessionKind.${k}`) }))}
      />
      <SelectField
        label={t('visitWhere')}
        name="visitSettlement"
        value={settlementId}
        onChange={(e) => setSettlementId(e.target.value)}
        placeholder={t('visitWhereDefault')}
        optional
        options={settlements.map((s) => ({ value: s.id, label: `${s.name} (${s.municipality})` }))}
      />
      <TextField label={t(planned ? 'visitWhenPlanned' : 'visitWhenHeld')} name="visitWhen" type="datetime-local" required value={when} onChange={(e) => setWhen(e.target.value)} />
      <TextField label={t('visitMinutes')} name="visitMinutes" type="number" min={1} max={720} required value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      {planned ? (
        <SelectField label={t('visitService')} name="visitService" value={serviceId} onChange={(e) => setServiceId(e.target.value)} options={services.map((s) => ({ value: s.id, label: s.name }))} />
      ) : (
        <TextArea label={t('holdNote')} optional value={note} onChange={(e) => setNote(e.target.value)} />
      )}
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy}>
          {t(planned ? 'visitPlanSubmit' : 'visitHeldSubmit')}
        </button>
        <button type="button" className="btn btn-quiet btn-small" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
