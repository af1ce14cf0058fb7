import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql, type ResultOf } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { TextArea, TextField } from '../components/form.tsx';
import { ErrorBanner, QueryError, Spinner } from '../components/states.tsx';
import { todayIso, useFormat } from '../lib/format.ts';
import { useSession } from '../session.tsx';

// Planned work (issue #17): my day („Днес“) and week, the day's route of visits by settlement
// for the mobile team, and the manager's view of everyone's week. From the day, a planned
// session is marked held with its note in one step, or missed / cancelled with a reason.

const WorkFields = graphql(`
  fragment WorkFields on Session @_unmask {
    id startsAt durationMinutes kind mode status statusReason version
    service { id name }
    case { id number }
    clients { id fullName }
    settlement { id name }
    staff { id user { displayName } }
  }
`);

const MyWork = graphql(
  `
  query MyWork($from: Date!, $to: Date!) { myWork(from: $from, to: $to) { ...WorkFields } }
`,
  [WorkFields],
);

const TeamWork = graphql(
  `
  query TeamWork($from: Date!, $to: Date!) { teamWork(from: $from, to: $to) { ...WorkFields } }
`,
  [WorkFields],
);

const HoldSession = graphql(
  `
  mutation HoldSession($id: ID!, $note: SessionNoteInput) { holdSession(id: $id, note: $note) { ...WorkFields } }
`,
  [WorkFields],
);
const MissSession = graphql(
  `
  mutation MissSession($id: ID!, $reason: String!) { missSession(id: $id, reason: $reason) { ...WorkFields } }
`,
  [WorkFields],
);
const CancelSession = graphql(
  `
  mutation CancelSession($id: ID!, $reason: String!) { cancelSession(id: $id, reason: $reason) { ...WorkFields } }
`,
  [WorkFields],
);

type Work = ResultOf<typeof MyWork>['myWork'][number];
type View = 'day' | 'week' | 'route' | 'team';

const shift = (iso: string, days: number) => {
  const d = new Date(`${iso}T12:00:00`);
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
/** The Monday of the week of `iso`. */
const monday = (iso: string) => shift(iso, -((new Date(`${iso}T12:00:00`).getDay() + 6) % 7));
const localDay = (instant: string) => {
  const d = new Date(instant);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function WorkPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const view = (params.get('view') as View | null) ?? 'day';
  const date = params.get('day') ?? todayIso();
  const weekly = view === 'week' || view === 'team';
  const from = weekly ? monday(date) : date;
  const to = weekly ? shift(from, 6) : date;
  const [mine, refetchMine] = useQuery({ query: MyWork, variables: { from, to }, pause: view === 'team', requestPolicy: 'cache-and-network' });
  const [team, refetchTeam] = useQuery({ query: TeamWork, variables: { from, to }, pause: view !== 'team', requestPolicy: 'cache-and-network' });
  const result = view === 'team' ? team : mine;
  const refetch = () => (view === 'team' ? refetchTeam : refetchMine)({ requestPolicy: 'network-only' });
  const go = (next: Partial<{ view: View; day: string }>) => setParams({ view: next.view ?? view, day: next.day ?? date });
  const views: View[] = ['day', 'week', 'route', ...(session.isManager ? (['team'] as const) : [])];
  const items = result.data ? ('teamWork' in result.data ? result.data.teamWork : result.data.myWork) : [];

  return (
    <>
      <PageHeader
        title={t('work.title')}
        lead={t('work.lead')}
        actions={
          <Link to={`/sessions/new?plan=1&day=${date}`} className="btn btn-primary">
            + {t('work.plan')}
          </Link>
        }
      />
      <nav className="tabs" aria-label={t('work.title')}>
        {views.map((v) => (
          <button key={v} type="button" className={`tab${v === view ? ' tab-active' : ''}`} aria-pressed={v === view} onClick={() => go({ view: v })}>
            {t(`work.${v}`)}
          </button>
        ))}
      </nav>
      <div className="toolbar">
        <button type="button" className="btn btn-small" onClick={() => go({ day: shift(date, weekly ? -7 : -1) })}>
          {t('work.prev')}
        </button>
        <label className="field-inline">
          {t('work.date')} <input type="date" value={date} onChange={(e) => e.target.value && go({ day: e.target.value })} />
        </label>
        <button type="button" className="btn btn-small" onClick={() => go({ day: shift(date, weekly ? 7 : 1) })}>
          {t('work.next')}
        </button>
      </div>
      {result.error && !result.data ? (
        <QueryError error={result.error} onRetry={refetch} />
      ) : !result.data ? (
        <Spinner />
      ) : view === 'route' ? (
        <Route items={items} onChanged={refetch} />
      ) : weekly ? (
        <Week from={from} items={items} team={view === 'team'} onChanged={refetch} />
      ) : (
        <Day items={items} onChanged={refetch} />
      )}
    </>
  );
}

function Day({ items, onChanged }: { items: readonly Work[]; onChanged: () => void }) {
  const { t } = useTranslation();
  if (!items.length) return <p className="muted">{t('work.empty')}</p>;
  return (
    <ul className="list work-list" data-testid="work-day">
      {items.map((w) => (
        <WorkItem key={w.id} w={w} onChanged={onChanged} />
      ))}
    </ul>
  );
}

function Week({ from, items, team, onChanged }: { from: string; items: readonly Work[]; team: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const days = Array.from({ length: 7 }, (_, i) => shift(from, i));
  return (
    <div className="work-week" data-testid="work-week">
      {days.map((d) => {
        const of = items.filter((w) => localDay(w.startsAt) === d);
        return (
          <section key={d} className="card">
            <h2>{f.weekday(d)}</h2>
            {of.length === 0 ? (
              <p className="muted">—</p>
            ) : (
              <ul className="list">
                {of.map((w) => (
                  <WorkItem key={w.id} w={w} onChanged={onChanged} showStaff={team} compact />
                ))}
              </ul>
            )}
          </section>
        );
      })}
      {items.length === 0 && <p className="muted">{t('work.empty')}</p>}
    </div>
  );
}

/** The day's planned home and field visits, grouped by settlement: the mobile team's route. */
function Route({ items, onChanged }: { items: readonly Work[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const visits = items.filter((w) => (w.mode === 'AT_HOME' || w.mode === 'FIELD') && w.status === 'PLANNED');
  if (!visits.length) return <p className="muted">{t('work.emptyRoute')}</p>;
  const groups = new Map<string, Work[]>();
  for (const v of visits) {
    const place = v.settlement?.name ?? t('work.noPlace');
    groups.set(place, [...(groups.get(place) ?? []), v]);
  }
  return (
    <div data-testid="work-route">
      {[...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b, 'bg'))
        .map(([place, of]) => (
          <section key={place} className="card route-stop">
            <h2>
              {place} <span className="muted">· {t('work.visits', { count: of.length })}</span>
            </h2>
            <ul className="list">
              {of.map((w) => (
                <WorkItem key={w.id} w={w} onChanged={onChanged} />
              ))}
            </ul>
          </section>
        ))}
    </div>
  );
}

function WorkItem({ w, onChanged, showStaff, compact }: { w: Work; onChanged: () => void; showStaff?: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState<'hold' | 'miss' | 'cancel' | null>(null);
  const [text, setText] = useState('');
  const [held, hold] = useMutation(HoldSession);
  const [missed, miss] = useMutation(MissSession);
  const [cancelled, cancel] = useMutation(CancelSession);
  const error = held.error ?? missed.error ?? cancelled.error;
  const busy = held.fetching || missed.fetching || cancelled.fetching;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = text.trim();
    const r =
      open === 'hold'
        ? await hold({ id: w.id, ...(body ? { note: { body } } : {}) })
        : open === 'miss'
          ? await miss({ id: w.id, reason: body })
          : await cancel({ id: w.id, reason: body });
    if (!r.error) {
      setOpen(null);
      setText('');
      onChanged();
    }
  }

  return (
    <li className={`list-row work-item work-${w.status.toLowerCase()}`} data-testid="work-item" data-status={w.status}>
      <div className="list-main">
        <strong>
          {f.time(w.startsAt)} · {t(`sessionKind.${w.kind}`)}
        </strong>
        <span className="muted">
          {[w.case?.number, w.clients.map((c) => c.fullName).join(', '), w.settlement?.name, showStaff ? w.staff.map((s) => s.user.displayName).join(', ') : null]
            .filter(Boolean)
            .join(' · ')}
        </span>
        <span className={`badge badge-${w.status.toLowerCase()}`}>{t(`sessionStatus.${w.status}`)}</span>
        {w.statusReason && <span className="muted"> — {w.statusReason}</span>}
      </div>
      {w.status === 'PLANNED' && !compact && (
        <div className="work-actions">
          {open === null ? (
            <>
              <button type="button" className="btn btn-primary btn-small" onClick={() => setOpen('hold')}>
                {t('work.hold')}
              </button>
              <button type="button" className="btn btn-small" onClick={() => setOpen('miss')}>
                {t('work.missed')}
              </button>
              <button type="button" className="btn btn-small" onClick={() => setOpen('cancel')}>
                {t('work.cancelled')}
              </button>
            </>
          ) : (
            <form onSubmit={submit} className="form work-outcome">
              <ErrorBanner error={error} />
              {open === 'hold' ? (
                <TextArea label={t('work.holdNote')} optional value={text} onChange={(e) => setText(e.target.value)} />
              ) : (
                <TextField label={t('work.reason')} required value={text} onChange={(e) => setText(e.target.value)} />
              )}
              <div className="form-actions">
                <button type="submit" className="btn btn-primary btn-small" disabled={busy}>
                  {open === 'hold' ? t('work.holdSubmit') : t('work.confirm')}
                </button>
                <button type="button" className="btn btn-quiet btn-small" onClick={() => setOpen(null)}>
                  {t('common.cancel')}
                </button>
              </div>
            </form>
          )}
        </div>
      )}
    </li>
  );
}
