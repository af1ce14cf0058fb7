import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { ChoiceChips, fieldErrors, SelectField, TextArea } from '../components/form.tsx';
import { ErrorBanner, Spinner } from '../components/states.tsx';
import { useDraft } from '../lib/draft.ts';
import { newKey, useDebounced } from '../lib/hooks.ts';
import { readLocal, writeLocal } from '../lib/storage.ts';

const SessionFormData = graphql(`
  query SessionFormData {
    center {
      id
      services { id name active serviceKind { id code } }
      municipality { id name settlements { id name } }
      partnerMunicipalities { municipality { id name settlements { id name } } }
    }
    myCases(first: 12, status: [REFERRED, ASSESSMENT, SUPPORT_PLAN, ACTIVE]) {
      edges { node { id number person { id fullName settlement { id } } } }
    }
  }
`);

const SessionCase = graphql(`
  query SessionCase($id: ID!) {
    node(id: $id) { __typename ... on Case { id number status person { id fullName settlement { id } } } }
  }
`);

const SessionClientSearch = graphql(`
  query SessionClientSearch($search: String!) {
    clients(search: $search, first: 6) { edges { node { id fullName birthYear settlement { id name } } } }
  }
`);

const LogSession = graphql(`
  mutation LogSession($input: LogSessionInput!, $key: String) {
    logSession(input: $input, idempotencyKey: $key) {
      session { id startsAt durationMinutes kind case { id } clients { id fullName } }
    }
  }
`);

// The same form plans a session or visit ahead (`?plan=1`, from the case page and the calendar):
// then it has no note (that comes when it is marked held) and the time is in the future.
const PlanSession = graphql(`
  mutation PlanSession($input: PlanSessionInput!, $key: String) {
    planSession(input: $input, idempotencyKey: $key) {
      session { id startsAt status case { id } }
    }
  }
`);

const KINDS = ['CONSULTATION', 'THERAPY', 'HOME_VISIT', 'FIELD_VISIT', 'ASSESSMENT', 'INFORMATION', 'MEDIATION', 'CASE_CONFERENCE', 'OTHER'] as const;
type Kind = (typeof KINDS)[number];
const DURATIONS = ['30', '45', '60', '90'];

// A sensible service for the kind of contact; the worker can always change it.
const PREFERRED: Partial<Record<Kind, string[]>> = {
  HOME_VISIT: ['MOBILE_COMMUNITY_WORK', 'PARENTAL_CAPACITY_SUPPORT'],
  FIELD_VISIT: ['MOBILE_COMMUNITY_WORK'],
  THERAPY: ['PSYCHOLOGICAL_THERAPY', 'SPEECH_THERAPY'],
  CONSULTATION: ['PSYCHOLOGICAL_COUNSELLING', 'COUNSELLING'],
  INFORMATION: ['INFORMATION'],
  MEDIATION: ['MEDIATION'],
};

function nowLocal(): string {
  const d = new Date();
  d.setSeconds(0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

type Form = {
  key: string;
  caseId: string;
  clientId: string;
  who: string;
  whoSettlementId: string;
  kind: Kind;
  serviceId: string;
  startsAt: string;
  duration: string;
  settlementId: string;
  note: string;
  restricted: boolean;
};

/** Logging a session in a few taps: for the mobile team in a village as much as at the desk. */
export function SessionLogPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const presetCase = params.get('case') ?? '';
  const planning = params.get('plan') === '1';
  const planDay = params.get('day');
  const [data] = useQuery({ query: SessionFormData });
  const [preset] = useQuery({ query: SessionCase, variables: { id: presetCase }, pause: !presetCase });
  const draft = useDraft<Form>(`session-${planning ? 'plan' : 'new'}${presetCase ? `.${presetCase}` : ''}`, () => ({
    key: newKey(),
    caseId: presetCase,
    clientId: '',
    who: '',
    whoSettlementId: '',
    kind: (readLocal('opora.lastKind') as Kind | null) ?? 'CONSULTATION',
    serviceId: '',
    startsAt: planning ? `${planDay && planDay >= nowLocal().slice(0, 10) ? planDay : nowLocal().slice(0, 10)}T10:00` : nowLocal(),
    duration: '45',
    settlementId: '',
    note: '',
    restricted: false,
  }));
  const form = draft.value;
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim());
  const [found] = useQuery({ query: SessionClientSearch, variables: { search: debounced }, pause: debounced.length < 2 });
  const [logged, log] = useMutation(LogSession);
  const [planned, plan] = useMutation(PlanSession);
  const result = planning ? planned : logged;
  const [missingWho, setMissingWho] = useState(false);
  const errors = fieldErrors(result.error);

  const presetNode = preset.data?.node?.__typename === 'Case' ? preset.data.node : null;
  useEffect(() => {
    if (presetNode && !form.who) draft.update({ caseId: presetNode.id, who: `${presetNode.person.fullName} · ${presetNode.number}`, whoSettlementId: presetNode.person.settlement?.id ?? '' });
  }, [presetNode?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const services = (data.data?.center.services ?? []).filter((s) => s.active);
  const settlements = useMemo(() => {
    const c = data.data?.center;
    if (!c) return [];
    const groups = [c.municipality, ...(c.partnerMunicipalities ?? []).map((p) => p.municipality)];
    const seen = new Set<string>();
    return groups.flatMap((m) => m.settlements.filter((s) => !seen.has(s.id) && seen.add(s.id)).map((s) => ({ value: s.id, label: `${s.name} (${m.name})` })));
  }, [data.data]);

  // Default the service from the kind of contact unless the worker picked one.
  const serviceId =
    form.serviceId ||
    (PREFERRED[form.kind] ?? []).map((code) => services.find((s) => s.serviceKind.code === code)?.id).find(Boolean) ||
    readLocal('opora.lastService') ||
    services[0]?.id ||
    '';
  const needsPlace = form.kind === 'HOME_VISIT' || form.kind === 'FIELD_VISIT';
  const settlementId = form.settlementId || (needsPlace ? form.whoSettlementId : '');

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!form.caseId && !form.clientId) {
      setMissingWho(true);
      document.getElementById('who-search')?.focus();
      return;
    }
    writeLocal('opora.lastKind', form.kind);
    if (form.serviceId) writeLocal('opora.lastService', form.serviceId);
    if (planning) {
      const p = await plan({
        key: form.key,
        input: {
          ...(form.caseId ? { caseId: form.caseId } : { clientIds: [form.clientId] }),
          kind: form.kind,
          serviceId,
          startsAt: new Date(form.startsAt).toISOString(),
          durationMinutes: Number(form.duration) || 45,
          ...(needsPlace && settlementId ? { settlementId } : {}),
        },
      });
      const s = p.data?.planSession.session;
      if (!s) return;
      draft.clear();
      navigate(`/work?view=day&day=${form.startsAt.slice(0, 10)}`);
      return;
    }
    const r = await log({
      key: form.key,
      input: {
        session: {
          ...(form.caseId ? { caseId: form.caseId } : { clientIds: [form.clientId] }),
          kind: form.kind,
          serviceId,
          startsAt: new Date(form.startsAt).toISOString(),
          durationMinutes: Number(form.duration) || 45,
          ...(needsPlace && settlementId ? { settlementId } : {}),
        },
        ...(form.note.trim() ? { note: { body: form.note.trim(), confidentiality: form.restricted ? 'RESTRICTED' : 'TEAM' } } : {}),
      },
    });
    const s = r.data?.logSession.session;
    if (!s) return;
    draft.clear();
    navigate(s.case ? `/cases/${encodeURIComponent(s.case.id)}?logged=1` : '/?logged=1');
  }

  if (!data.data && data.fetching) return <Spinner />;
  const cases = data.data?.myCases.edges.map((e) => e.node) ?? [];

  return (
    <>
      <PageHeader title={planning ? t('work.planTitle') : t('session.title')} lead={planning ? t('work.planLead') : t('session.lead')} />
      <form className="form quick-log" onSubmit={submit} noValidate>
        {draft.restored && (
          <div className="banner banner-info" role="status">
            {t('clients.draftRestored')}
          </div>
        )}
        <ErrorBanner error={result.error} />
        <section className="card" aria-labelledby="who-h">
          <h2 id="who-h">{t('session.who')}</h2>
          {form.caseId || form.clientId ? (
            <p className="picked" data-testid="session-who">
              <strong>{form.who}</strong>{' '}
              <button type="button" className="btn btn-small" onClick={() => draft.update({ caseId: '', clientId: '', who: '', whoSettlementId: '' })}>
                {t('referral.changeChild')}
              </button>
            </p>
          ) : (
            <>
              {cases.length > 0 && (
                <div className="pick-grid" role="group" aria-label={t('session.myCases')}>
                  {cases.map((c) => (
                    <button
                      key={c.id}
                      type="button"
                      className="pick"
                      onClick={() => {
                        setMissingWho(false);
                        draft.update({ caseId: c.id, clientId: '', who: `${c.person.fullName} · ${c.number}`, whoSettlementId: c.person.settlement?.id ?? '' });
                      }}
                    >
                      <strong>{c.person.fullName}</strong>
                      <span className="muted">{c.number}</span>
                    </button>
                  ))}
                </div>
              )}
              <div className="field">
                <label htmlFor="who-search">{t('session.findClient')}</label>
                <input id="who-search" type="search" value={search} placeholder={t('clients.searchPlaceholder')} aria-invalid={missingWho || undefined} onChange={(e) => setSearch(e.target.value)} />
                {missingWho && <p className="field-error">{t('session.pickWho')}</p>}
              </div>
              {found.data && (
                <ul className="list">
                  {found.data.clients.edges.map(({ node: c }) => (
                    <li key={c.id}>
                      <button
                        type="button"
                        className="list-row list-button"
                        onClick={() => {
                          setMissingWho(false);
                          draft.update({ clientId: c.id, caseId: '', who: c.fullName, whoSettlementId: c.settlement?.id ?? '' });
                        }}
                      >
                        <span className="list-main">
                          <strong>{c.fullName}</strong>
                          <span className="muted">{[c.birthYear, c.settlement?.name].filter(Boolean).join(' · ')}</span>
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </section>
        <section className="card" aria-labelledby="what-h">
          <h2 id="what-h">{t('session.what')}</h2>
          <ChoiceChips legend={t('session.kind')} name="kind" value={form.kind} onChange={(v) => draft.update({ kind: v as Kind, serviceId: '' })} options={KINDS.map((k) => ({ value: k, label: t(`sessionKind.${k}`) }))} />
          <SelectField label={t('session.service')} name="serviceId" value={serviceId} error={errors.serviceId} onChange={(e) => draft.update({ serviceId: e.target.value })} options={services.map((s) => ({ value: s.id, label: s.name }))} />
          {needsPlace && (
            <SelectField
              label={t('session.settlement')}
              name="settlementId"
              placeholder="—"
              value={settlementId}
              error={errors.settlementId}
              onChange={(e) => draft.update({ settlementId: e.target.value })}
              options={settlements}
            />
          )}
        </section>
        <section className="card" aria-labelledby="when-h">
          <h2 id="when-h">{t('session.when')}</h2>
          <div className="grid-2">
            <div className="field">
              <label htmlFor="starts-at">{t('session.startsAt')}</label>
              <input id="starts-at" type="datetime-local" value={form.startsAt} aria-invalid={Boolean(errors.startsAt) || undefined} onChange={(e) => draft.update({ startsAt: e.target.value })} />
              {errors.startsAt && <p className="field-error">{errors.startsAt}</p>}
            </div>
            <ChoiceChips legend={t('session.duration')} name="duration" value={form.duration} onChange={(v) => draft.update({ duration: v })} options={DURATIONS.map((d) => ({ value: d, label: t('common.minutes', { count: Number(d) }) }))} />
          </div>
        </section>
        {!planning && (
        <section className="card" aria-labelledby="note-h">
          <h2 id="note-h">{t('session.note')}</h2>
          <TextArea label={t('session.noteLabel')} optional value={form.note} error={errors.body} onChange={(e) => draft.update({ note: e.target.value })} />
          <label className="checkbox">
            <input type="checkbox" checked={form.restricted} onChange={(e) => draft.update({ restricted: e.target.checked })} />
            {t('session.restricted')}
          </label>
        </section>
        )}
        <div className="form-actions sticky-actions">
          <button type="submit" className="btn btn-primary btn-large" disabled={result.fetching}>
            {result.fetching ? t('common.saving') : planning ? t('work.planSubmit') : t('session.submit')}
          </button>
          <Link to="/" className="btn btn-quiet" onClick={() => draft.clear()}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
