import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql, type ResultOf } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { Checklist, ChoiceChips, fieldErrors, FormActions, SelectField, TextField } from '../components/form.tsx';
import { ErrorBanner, ListLoadable, Loadable, LoadMore, NotFound } from '../components/states.tsx';
import { todayIso, useFormat } from '../lib/format.ts';
import { newKey, useDebounced } from '../lib/hooks.ts';
import { usePagedQuery } from '../lib/paging.ts';

const GroupsQuery = graphql(`
  query GroupPrograms($first: Int!, $after: String) {
    groupPrograms(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name kind startsOn endsOn capacity participantCount mode service { id name } } }
    }
  }
`);

export function GroupsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const paged = usePagedQuery({ query: GroupsQuery, variables: {}, connection: (d) => d.groupPrograms });
  const data = paged.data;
  return (
    <>
      <PageHeader title={t('groups.title')} lead={t('groups.lead')} />
      <ListLoadable data={data} error={paged.error} onRetry={paged.refetch} empty={t('groups.empty')}>
        {(data) => (
          <section aria-busy={paged.fetching}>
          <ul className="list">
            {data.edges.map(({ node: g }) => (
              <li key={g.id}>
                <Link className="list-row" to={`/groups/${encodeURIComponent(g.id)}`}>
                  <span className="list-main">
                    <strong>{g.name}</strong>
                    <span className="muted">
                      {[t(`groupKind.${g.kind}`), g.service.name, `${f.shortDate(g.startsOn)}${g.endsOn ? ` – ${f.shortDate(g.endsOn)}` : ''}`].join(' · ')}
                    </span>
                  </span>
                  <span className="badge">
                    {t('groups.participants', { count: g.participantCount })}
                    {g.capacity ? ` / ${g.capacity}` : ''}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <LoadMore paged={paged} />
          </section>
        )}
      </ListLoadable>
    </>
  );
}

const GroupQuery = graphql(`
  query GroupProgram($id: ID!) {
    node(id: $id) {
      __typename
      ... on GroupProgram {
        id name kind startsOn endsOn capacity participantCount mode descriptionBg
        service { id name }
        participants { id displayName isLightRegistration leftOn meetingsAttended meetingsRecorded attendanceRate client { id } settlement { id name } }
        meetings { id startsAt durationMinutes topic status canBeHeld cancellationReason attendanceRecorded presentCount attendance { present participant { id } } }
      }
    }
  }
`);

type Group = Extract<NonNullable<ResultOf<typeof GroupQuery>['node']>, { __typename: 'GroupProgram' }>;

export function GroupDetailPage() {
  const { id = '' } = useParams();
  const [result, refetch] = useQuery({ query: GroupQuery, variables: { id } });
  return (
    <Loadable result={result} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
      {(data) => (data.node?.__typename === 'GroupProgram' ? <GroupView g={data.node as Group} /> : <NotFound />)}
    </Loadable>
  );
}

function GroupView({ g }: { g: Group }) {
  const { t } = useTranslation();
  const f = useFormat();
  // A planned meeting is held (with its attendance) or cancelled; a held one's attendance is corrected.
  const [taking, setTaking] = useState<{ id: string; hold: boolean } | null>(null);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [panel, setPanel] = useState<null | 'meeting' | 'enroll'>(null);
  const active = g.participants.filter((p) => !p.leftOn);
  const meetings = [...g.meetings].reverse();
  return (
    <>
      <PageHeader
        back={{ to: '/groups', label: t('groups.title') }}
        title={g.name}
        lead={[t(`groupKind.${g.kind}`), g.service.name, t(`deliveryMode.${g.mode}`)].join(' · ')}
        actions={
          <>
            <button type="button" className="btn" aria-expanded={panel === 'enroll'} onClick={() => setPanel(panel === 'enroll' ? null : 'enroll')}>
              {t('groups.enroll')}
            </button>
            <button type="button" className="btn btn-primary" aria-expanded={panel === 'meeting'} onClick={() => setPanel(panel === 'meeting' ? null : 'meeting')}>
              {t('groups.schedule')}
            </button>
          </>
        }
      />
      {panel === 'meeting' && <ScheduleMeeting programId={g.id} onDone={() => setPanel(null)} />}
      {panel === 'enroll' && <Enroll programId={g.id} onDone={() => setPanel(null)} />}
      {taking && <TakeAttendance g={g} meetingId={taking.id} hold={taking.hold} onDone={() => setTaking(null)} />}
      {cancelling && <CancelMeeting g={g} meetingId={cancelling} onDone={() => setCancelling(null)} />}
      <div className="columns">
        <section className="card" aria-labelledby="meetings-h">
          <h2 id="meetings-h">{t('groups.meetings')}</h2>
          {meetings.length === 0 ? (
            <p className="muted">{t('groups.noMeetings')}</p>
          ) : (
            <ul className="list">
              {meetings.map((m) => (
                <li key={m.id} className="list-row" data-testid="meeting" data-status={m.status}>
                  <span className="list-main">
                    <strong>{f.dateTime(m.startsAt)}</strong>
                    <span className="muted">
                      {[m.topic, t('common.minutes', { count: m.durationMinutes }), m.status === 'CANCELLED' && m.cancellationReason ? t('groups.cancelledBecause', { reason: m.cancellationReason }) : null]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                  </span>
                  <span className={`badge${m.status === 'HELD' ? ' badge-ok' : ''}`}>
                    {t(`meetingStatus.${m.status}`)}
                    {m.status === 'PLANNED' && !m.canBeHeld ? ` · ${t('groups.ahead')}` : ''}
                  </span>
                  {m.status === 'HELD' && m.attendanceRecorded ? <span className="badge badge-ok">{t('groups.present', { count: m.presentCount })}</span> : null}
                  {m.status === 'HELD' && (
                    <button type="button" className="btn btn-small" onClick={() => setTaking({ id: m.id, hold: false })}>
                      {m.attendanceRecorded ? t('groups.editAttendance') : t('groups.takeAttendance')}
                    </button>
                  )}
                  {m.status === 'PLANNED' && m.canBeHeld && (
                    <button type="button" className="btn btn-small" onClick={() => setTaking({ id: m.id, hold: true })}>
                      {t('groups.markHeld')}
                    </button>
                  )}
                  {m.status === 'PLANNED' && (
                    <button type="button" className="btn btn-small btn-quiet" onClick={() => setCancelling(m.id)}>
                      {t('groups.cancel')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="people-h">
          <h2 id="people-h">
            {t('groups.participantsTitle')} <span className="muted">({f.number(active.length)}{g.capacity ? ` / ${g.capacity}` : ''})</span>
          </h2>
          {active.length === 0 ? (
            <p className="muted">{t('groups.noParticipants')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('groups.name')}</th>
                    <th scope="col" className="num">{t('groups.attended')}</th>
                  </tr>
                </thead>
                <tbody>
                  {active.map((p) => (
                    <tr key={p.id}>
                      <td>
                        {p.client ? <Link to={`/clients/${encodeURIComponent(p.client.id)}`}>{p.displayName}</Link> : p.displayName}
                        {p.isLightRegistration && <span className="muted small"> · {t('groups.light')}</span>}
                      </td>
                      <td className="num">
                        {p.meetingsAttended}/{p.meetingsRecorded} {p.attendanceRate !== null && <span className="muted">({f.percent(p.attendanceRate)})</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </>
  );
}

const RecordAttendance = graphql(`
  mutation RecordAttendance($meetingId: ID!, $attendance: [AttendanceInput!]!) {
    recordAttendance(meetingId: $meetingId, attendance: $attendance) { id status canBeHeld attendanceRecorded presentCount attendance { present participant { id } } }
  }
`);
const MarkHeld = graphql(`
  mutation MarkMeetingHeld($meetingId: ID!, $attendance: [AttendanceInput!]) {
    markMeetingHeld(meetingId: $meetingId, attendance: $attendance) { id status canBeHeld attendanceRecorded presentCount attendance { present participant { id } } }
  }
`);
const CancelMeetingMutation = graphql(`
  mutation CancelMeeting($meetingId: ID!, $reason: String!) {
    cancelMeeting(meetingId: $meetingId, reason: $reason) { id status canBeHeld cancellationReason }
  }
`);

/** A planned meeting that did not take place, with the reason (it then counts nowhere). */
function CancelMeeting({ g, meetingId, onDone }: { g: Group; meetingId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const meeting = g.meetings.find((m) => m.id === meetingId)!;
  const [reason, setReason] = useState('');
  const [result, cancel] = useMutation(CancelMeetingMutation);
  const errors = fieldErrors(result.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await cancel({ meetingId, reason });
    if (r.data) onDone();
  }
  return (
    <form className="card form panel" onSubmit={submit} noValidate data-testid="cancel-meeting">
      <h2>{t('groups.cancelFor', { date: f.dateTime(meeting.startsAt) })}</h2>
      {!errors.reason && <ErrorBanner error={result.error} />}
      <TextField label={t('groups.cancelReason')} hint={t('groups.cancelReasonHint')} required value={reason} error={errors.reason} onChange={(e) => setReason(e.target.value)} />
      <FormActions saving={result.fetching} onCancel={onDone} label={t('groups.confirmCancel')} />
    </form>
  );
}

/** Attendance as a list of large checkboxes: tick who came, save once. */
function TakeAttendance({ g, meetingId, hold, onDone }: { g: Group; meetingId: string; hold: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const meeting = g.meetings.find((m) => m.id === meetingId)!;
  const people = g.participants.filter((p) => !p.leftOn);
  const [present, setPresent] = useState<Set<string>>(() => new Set(meeting.attendance.filter((a) => a.present).map((a) => a.participant.id)));
  const [recorded, record] = useMutation(RecordAttendance);
  const [held, markHeld] = useMutation(MarkHeld);
  const result = hold ? held : recorded;
  async function submit(e: FormEvent) {
    e.preventDefault();
    const attendance = people.map((p) => ({ participantId: p.id, present: present.has(p.id) }));
    const r = hold ? await markHeld({ meetingId, attendance }) : await record({ meetingId, attendance });
    if (r.data) onDone();
  }
  return (
    <form className="card form panel" onSubmit={submit} data-testid="attendance">
      <h2>{t(hold ? 'groups.heldFor' : 'groups.attendanceFor', { date: f.dateTime(meeting.startsAt) })}</h2>
      {hold && <p className="muted">{t('groups.heldHint')}</p>}
      <ErrorBanner error={result.error} />
      <Checklist legend={t('groups.whoCame', { count: present.size, total: people.length })} items={people} checked={present} onChange={setPresent}>
        {(p) => p.displayName}
      </Checklist>
      <FormActions saving={result.fetching} onCancel={onDone} {...(hold ? { label: t('groups.confirmHeld') } : {})} />
    </form>
  );
}

const ScheduleMeetingMutation = graphql(`
  mutation ScheduleMeeting($programId: ID!, $startsAt: DateTime!, $durationMinutes: Int!, $topic: String, $key: String) {
    scheduleMeeting(programId: $programId, startsAt: $startsAt, durationMinutes: $durationMinutes, topic: $topic, idempotencyKey: $key) { id startsAt durationMinutes topic }
  }
`);

function ScheduleMeeting({ programId, onDone }: { programId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [startsAt, setStartsAt] = useState(`${todayIso()}T16:00`);
  const [duration, setDuration] = useState('90');
  const [topic, setTopic] = useState('');
  const [key] = useState(newKey);
  const [result, schedule] = useMutation(ScheduleMeetingMutation);
  const errors = fieldErrors(result.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await schedule({ programId, startsAt: new Date(startsAt).toISOString(), durationMinutes: Number(duration), topic: topic.trim() || null, key });
    if (r.data) onDone();
  }
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{t('groups.schedule')}</h2>
      <ErrorBanner error={result.error} />
      <div className="grid-2">
        <TextField label={t('session.startsAt')} type="datetime-local" value={startsAt} error={errors.startsAt} onChange={(e) => setStartsAt(e.target.value)} />
        <ChoiceChips legend={t('session.duration')} name="meeting-duration" value={duration} onChange={setDuration} options={['60', '90', '120'].map((d) => ({ value: d, label: t('common.minutes', { count: Number(d) }) }))} />
      </div>
      <TextField label={t('groups.topic')} optional value={topic} error={errors.topic} onChange={(e) => setTopic(e.target.value)} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={result.fetching}>
          {t('common.save')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

const EnrollSearch = graphql(`
  query EnrollSearch($search: String!) {
    clients(search: $search, first: 6) { edges { node { id fullName birthYear } } }
  }
`);
const EnrollMutation = graphql(`
  mutation EnrollParticipant($programId: ID!, $clientId: ID, $registration: LightRegistrationInput, $key: String) {
    enrollParticipant(programId: $programId, clientId: $clientId, registration: $registration, idempotencyKey: $key) { id displayName }
  }
`);

/** Enrol a registered client, or register someone lightly (no case, maybe no surname). */
function Enroll({ programId, onDone }: { programId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'client' | 'light'>('client');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const [found] = useQuery({ query: EnrollSearch, variables: { search: q }, pause: mode !== 'client' || q.length < 2 });
  const [name, setName] = useState('');
  const [birthYear, setBirthYear] = useState('');
  const [sex, setSex] = useState<'FEMALE' | 'MALE' | 'UNKNOWN'>('UNKNOWN');
  const [key] = useState(newKey);
  const [result, enroll] = useMutation(EnrollMutation);
  const errors = fieldErrors(result.error);
  async function go(clientId: string | null) {
    const r = await enroll(clientId ? { programId, clientId, key } : { programId, key, registration: { displayName: name.trim(), birthYear: birthYear ? Number(birthYear) : null, sex } });
    if (r.data) onDone();
  }
  return (
    <form
      className="card form panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (mode === 'light') void go(null);
      }}
    >
      <h2>{t('groups.enroll')}</h2>
      <ErrorBanner error={result.error} />
      <ChoiceChips legend={t('groups.enrollWho')} name="enroll-mode" value={mode} onChange={(v) => setMode(v as typeof mode)} options={[{ value: 'client', label: t('groups.existingClient') }, { value: 'light', label: t('groups.lightRegistration') }]} />
      {mode === 'client' ? (
        <>
          <TextField label={t('clients.searchLabel')} type="search" value={search} placeholder={t('clients.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} />
          {found.data && (
            <ul className="list">
              {found.data.clients.edges.map(({ node: c }) => (
                <li key={c.id}>
                  <button type="button" className="list-row list-button" onClick={() => void go(c.id)}>
                    <span className="list-main">
                      <strong>{c.fullName}</strong>
                      <span className="muted">{c.birthYear ?? ''}</span>
                    </span>
                    <span className="btn btn-small">{t('common.add')}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <>
          <p className="muted">{t('groups.lightHint')}</p>
          <div className="grid-3">
            <TextField label={t('groups.name')} required value={name} error={errors.displayName} onChange={(e) => setName(e.target.value)} />
            <TextField label={t('clients.birthYear')} optional inputMode="numeric" value={birthYear} error={errors.birthYear} onChange={(e) => setBirthYear(e.target.value.replace(/\D/g, '').slice(0, 4))} />
            <SelectField label={t('clients.sex')} value={sex} onChange={(e) => setSex(e.target.value as typeof sex)} options={(['FEMALE', 'MALE', 'UNKNOWN'] as const).map((s) => ({ value: s, label: t(`sex.${s}`) }))} />
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={result.fetching}>
              {t('common.add')}
            </button>
            <button type="button" className="btn btn-quiet" onClick={onDone}>
              {t('common.cancel')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}
