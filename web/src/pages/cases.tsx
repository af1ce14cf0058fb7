import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { ChoiceChips, fieldErrors, SelectField, staffOptions, StaffOptionsFields, TextArea, TextField } from '../components/form.tsx';
import { ErrorBanner, ListLoadable, LoadMore } from '../components/states.tsx';
import { CaseRow, CaseRowFields } from '../components/case-bits.tsx';
import { useDraft } from '../lib/draft.ts';
import { todayIso, useFormat } from '../lib/format.ts';
import { newKey, useDebounced } from '../lib/hooks.ts';
import { usePagedQuery } from '../lib/paging.ts';
import { useSession } from '../session.tsx';

const STATUSES = ['REFERRED', 'ASSESSMENT', 'SUPPORT_PLAN', 'ACTIVE', 'CLOSED'] as const;
type Status = (typeof STATUSES)[number];
const OPEN: Status[] = ['REFERRED', 'ASSESSMENT', 'SUPPORT_PLAN', 'ACTIVE'];

const CasesQuery = graphql(
  `
  query Cases($search: String, $status: [CaseStatus!], $first: Int!, $after: String, $leadWorkerId: ID, $teamId: ID, $serviceId: ID, $waiting: Boolean, $overdue: Boolean) {
    cases(search: $search, status: $status, first: $first, after: $after, leadWorkerId: $leadWorkerId, teamId: $teamId, serviceId: $serviceId, waiting: $waiting, overdue: $overdue) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id daysWaiting ...CaseRowFields } }
    }
  }
`,
  [CaseRowFields],
);

const MyCasesQuery = graphql(
  `
  query MyCases($status: [CaseStatus!], $first: Int!, $after: String) {
    myCases(status: $status, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id ...CaseRowFields } }
    }
  }
`,
  [CaseRowFields],
);

export function CasesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = params.get('status') ?? 'open';
  const mine = params.get('mine') === '1';
  const search = useDebounced(q.trim());
  const statuses: Status[] | null = status === 'open' ? OPEN : status === 'all' ? null : STATUSES.includes(status as Status) ? [status as Status] : OPEN;
  // The manager's desk links here with one of these (dashboard/center-desk.tsx).
  const desk = {
    leadWorkerId: params.get('worker') || null,
    teamId: params.get('team') || null,
    serviceId: params.get('service') || null,
    waiting: params.get('waiting') === '1' ? true : null,
    overdue: params.get('overdue') === '1' ? true : null,
  };
  const fromDesk = Object.values(desk).some((v) => v !== null);
  const all = usePagedQuery({ query: CasesQuery, variables: { search: search || null, status: statuses, ...desk }, connection: (d) => d.cases, pause: mine });
  const my = usePagedQuery({ query: MyCasesQuery, variables: { status: statuses }, connection: (d) => d.myCases, pause: !mine });
  const paged = mine ? my : all;
  const data = paged.data;
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  return (
    <>
      <PageHeader
        title={t('cases.title')}
        lead={t('cases.lead')}
        actions={
          <Link to="/cases/new" className="btn btn-primary">
            {t('dashboard.newReferral')}
          </Link>
        }
      />
      <div className="toolbar" role="search">
        {!mine && (
          <div className="field field-grow">
            <label htmlFor="case-search">{t('cases.searchLabel')}</label>
            <input id="case-search" type="search" value={q} placeholder={t('cases.searchPlaceholder')} onChange={(e) => set({ q: e.target.value })} />
          </div>
        )}
        <div className="field">
          <label htmlFor="case-status">{t('cases.status')}</label>
          <select id="case-status" value={status} onChange={(e) => set({ status: e.target.value })}>
            <option value="open">{t('cases.open')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`caseStatus.${s}`)}
              </option>
            ))}
            <option value="all">{t('common.all')}</option>
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={mine} onChange={(e) => set({ mine: e.target.checked ? '1' : '' })} />
          {t('cases.onlyMine')}
        </label>
        {fromDesk && !mine && (
          <button type="button" className="btn" data-testid="desk-filter" onClick={() => set({ worker: '', team: '', service: '', waiting: '', overdue: '' })}>
            {t(desk.waiting ? 'cases.deskWaiting' : desk.overdue ? 'cases.deskOverdue' : 'cases.deskFilter')} ✕
          </button>
        )}
      </div>
      <ListLoadable data={data} error={paged.error} onRetry={paged.refetch} empty={t('cases.empty')}>
        {(data) => (
          <section aria-busy={paged.fetching}>
            <p className="muted" aria-live="polite">
              {t('cases.count', { count: data.totalCount })}
            </p>
            <ul className="list">
              {data.edges.map(({ node: c }) => (
                <li key={c.id}>
                  <CaseRow data={c} />
                  {desk.waiting && 'daysWaiting' in c && c.daysWaiting !== null && (
                    <span className="badge badge-warn" data-testid="days-waiting">{t('dashboard.waitingDays', { count: c.daysWaiting })}</span>
                  )}
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

// ---------- new referral ----------

const ReferralFormData = graphql(`
  query ReferralFormData {
    targetGroups { id name audience }
    center {
      id
      ...StaffOptionsFields
      partnerOrganizations { id name kind }
      municipality { id name settlements { id name } }
      partnerMunicipalities { municipality { id name settlements { id name } } }
    }
  }
`, [StaffOptionsFields]);

const HouseholdSearch = graphql(`
  query ReferralHouseholdSearch($search: String!) {
    households(search: $search, first: 6) { edges { node { id name settlement { id name } } } }
  }
`);

const ChildSearch = graphql(`
  query ReferralChildSearch($search: String!, $kind: ClientKind) {
    clients(search: $search, first: 8, kind: $kind) { edges { node { id fullName birthDate birthYear settlement { id name } } } }
  }
`);

const OpenCase = graphql(`
  mutation OpenCase($input: OpenCaseInput!, $key: String) {
    openCase(input: $input, idempotencyKey: $key) { case { id number status } }
  }
`);

const LEGAL_REFERRERS = ['CHILD_PROTECTION_DEPARTMENT', 'SOCIAL_ASSISTANCE_DIRECTORATE', 'MUNICIPALITY', 'COURT', 'OTHER_PROVIDER', 'OTHER'] as const;
const CONCERN_SOURCES = ['SCHOOL', 'KINDERGARTEN', 'HOSPITAL', 'GENERAL_PRACTITIONER', 'POLICE', 'NGO', 'RELATIVE_OR_NEIGHBOUR', 'SELF', 'OTHER'] as const;

type ReferralForm = {
  key: string;
  childMode: 'new' | 'existing';
  /** The main person: a child, or an adult (a parent, a candidate foster or adoptive parent). */
  kind: 'CHILD' | 'ADULT';
  childId: string;
  childName: string;
  firstName: string;
  middleName: string;
  lastName: string;
  birthDate: string;
  sex: 'FEMALE' | 'MALE' | 'UNKNOWN';
  date: string;
  route: 'REQUEST' | 'REFERRAL';
  requestDate: string;
  requestNumber: string;
  legalReferrer: (typeof LEGAL_REFERRERS)[number] | '';
  documentNumber: string;
  documentDate: string;
  concernRaisedBy: (typeof CONCERN_SOURCES)[number] | '';
  reason: string;
  referringOrganizationId: string;
  leadWorkerId: string;
  targetGroupIds: string[];
  householdId: string;
  householdName: string;
  householdSettlementId: string;
  /** The child's settlement as chosen; empty: the household's (the server defaults the same way). */
  settlementId: string;
};

export function NewReferralPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { viewer } = useSession();
  const [data] = useQuery({ query: ReferralFormData });
  const draft = useDraft<ReferralForm>('referral-new', () => ({
    key: newKey(),
    childMode: 'new',
    kind: 'CHILD',
    childId: '',
    childName: '',
    firstName: '',
    middleName: '',
    lastName: '',
    birthDate: '',
    sex: 'UNKNOWN',
    date: todayIso(),
    route: 'REFERRAL',
    requestDate: '',
    requestNumber: '',
    legalReferrer: 'CHILD_PROTECTION_DEPARTMENT',
    documentNumber: '',
    documentDate: '',
    concernRaisedBy: '',
    reason: '',
    referringOrganizationId: '',
    leadWorkerId: viewer?.activeMembership?.id ?? '',
    targetGroupIds: [],
    householdId: '',
    householdName: '',
    householdSettlementId: '',
    settlementId: '',
  }));
  const form = draft.value;
  const [childQuery, setChildQuery] = useState('');
  const search = useDebounced(childQuery.trim());
  const [children] = useQuery({ query: ChildSearch, variables: { search, kind: form.kind }, pause: form.childMode !== 'existing' || search.length < 2 });
  const [householdQuery, setHouseholdQuery] = useState('');
  const householdSearch = useDebounced(householdQuery.trim());
  const [households] = useQuery({ query: HouseholdSearch, variables: { search: householdSearch }, pause: !!form.householdId || householdSearch.length < 2 });
  const [result, open] = useMutation(OpenCase);
  const [missingChild, setMissingChild] = useState(false);
  const errors = fieldErrors(result.error);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (form.childMode === 'existing' && !form.childId) {
      setMissingChild(true);
      return;
    }
    const s = (v: string) => (v.trim() ? v.trim() : null);
    const r = await open({
      key: form.key,
      input: {
        ...(form.childMode === 'existing'
          ? { personId: form.childId }
          : { newPerson: { kind: form.kind, firstName: form.firstName.trim(), middleName: s(form.middleName), lastName: form.lastName.trim(), birthDate: s(form.birthDate), sex: form.sex, settlementId: s(childSettlementId) } }),
        householdId: s(form.householdId),
        referral: {
          route: form.route,
          date: form.date,
          requestDate: s(form.requestDate),
          requestNumber: s(form.requestNumber),
          ...(form.route === 'REFERRAL' ? { legalReferrer: form.legalReferrer || null, documentNumber: s(form.documentNumber), documentDate: s(form.documentDate) } : {}),
          concernRaisedBy: form.concernRaisedBy || null,
          reason: s(form.reason),
          referringOrganizationId: s(form.referringOrganizationId),
        },
        leadWorkerId: s(form.leadWorkerId),
        targetGroupIds: form.targetGroupIds,
      },
    });
    const opened = r.data?.openCase.case;
    if (opened) {
      draft.clear();
      navigate(`/cases/${encodeURIComponent(opened.id)}?opened=1`);
    }
  }

  // Where the child lives: the center's municipality and its partners; the household's by default.
  const settlements = useMemo(() => {
    const c = data.data?.center;
    if (!c) return [];
    const seen = new Set<string>();
    return [c.municipality, ...(c.partnerMunicipalities ?? []).map((p) => p.municipality)].flatMap((m) =>
      m.settlements.filter((x) => !seen.has(x.id) && seen.add(x.id)).map((x) => ({ value: x.id, label: `${x.name} (${m.name})` })),
    );
  }, [data.data]);
  const childSettlementId = form.settlementId || form.householdSettlementId;

  const staff = staffOptions(data.data?.center);
  const orgs = data.data?.center.partnerOrganizations ?? [];
  // A child's case names children's groups; an adult's, the parents' and families'.
  const groups = (data.data?.targetGroups ?? []).filter((g) => (form.kind === 'CHILD' ? g.audience === 'CHILD' : g.audience !== 'CHILD'));

  return (
    <>
      <PageHeader title={t('referral.title')} lead={t('referral.lead')} back={{ to: '/cases', label: t('cases.title') }} />
      <form className="form" onSubmit={submit} noValidate>
        {draft.restored && (
          <div className="banner banner-info" role="status">
            {t('clients.draftRestored')}
          </div>
        )}
        <ErrorBanner error={result.error} />
        <section className="card" aria-labelledby="child-h">
          <h2 id="child-h">{t('referral.child')}</h2>
          <ChoiceChips
            legend={t('referral.personKind')}
            name="kind"
            value={form.kind}
            onChange={(v) => draft.update({ kind: v as ReferralForm['kind'], childId: '', childName: '', targetGroupIds: [] })}
            options={(['CHILD', 'ADULT'] as const).map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          />
          <ChoiceChips
            legend={t('referral.childIs')}
            name="childMode"
            value={form.childMode}
            onChange={(v) => draft.update({ childMode: v as ReferralForm['childMode'] })}
            options={[
              { value: 'new', label: t('referral.childNew') },
              { value: 'existing', label: t('referral.childExisting') },
            ]}
          />
          {form.childMode === 'new' ? (
            <>
              <div className="grid-3">
                <TextField label={t('clients.firstName')} name="firstName" required autoComplete="off" value={form.firstName} error={errors.firstName} onChange={(e) => draft.update({ firstName: e.target.value })} />
                <TextField label={t('clients.middleName')} name="middleName" optional autoComplete="off" value={form.middleName} error={errors.middleName} onChange={(e) => draft.update({ middleName: e.target.value })} />
                <TextField label={t('clients.lastName')} name="lastName" required autoComplete="off" value={form.lastName} error={errors.lastName} onChange={(e) => draft.update({ lastName: e.target.value })} />
              </div>
              <div className="grid-3">
                <TextField label={t('clients.birthDate')} name="birthDate" type="date" optional value={form.birthDate} error={errors.birthDate} onChange={(e) => draft.update({ birthDate: e.target.value })} />
                <SelectField
                  label={t('clients.sex')}
                  name="sex"
                  value={form.sex}
                  onChange={(e) => draft.update({ sex: e.target.value as ReferralForm['sex'] })}
                  options={(['FEMALE', 'MALE', 'UNKNOWN'] as const).map((v) => ({ value: v, label: t(`sex.${v}`) }))}
                />
                <SelectField
                  label={t('referral.settlement')}
                  hint={t('referral.settlementHint')}
                  name="childSettlementId"
                  placeholder="—"
                  value={childSettlementId}
                  error={errors.settlementId}
                  onChange={(e) => draft.update({ settlementId: e.target.value })}
                  options={settlements}
                />
              </div>
            </>
          ) : form.childId ? (
            <p className="picked">
              <strong>{form.childName}</strong>{' '}
              <button type="button" className="btn btn-small" onClick={() => draft.update({ childId: '', childName: '' })}>
                {t('referral.changeChild')}
              </button>
            </p>
          ) : (
            <div className="field">
              <label htmlFor="child-search">{t('referral.findChild')}</label>
              <input id="child-search" type="search" value={childQuery} placeholder={t('clients.searchPlaceholder')} aria-invalid={missingChild || undefined} onChange={(e) => setChildQuery(e.target.value)} />
              {missingChild && <p className="field-error">{t('referral.pickChild')}</p>}
              {children.data && (
                <ul className="list" aria-label={t('referral.matches')}>
                  {children.data.clients.edges.length === 0 && <li className="list-row muted">{t('clients.noMatch', { q: search })}</li>}
                  {children.data.clients.edges.map(({ node: c }) => (
                    <li key={c.id}>
                      <button type="button" className="list-row list-button" onClick={() => { setMissingChild(false); draft.update({ childId: c.id, childName: c.fullName }); }}>
                        <span className="list-main">
                          <strong>{c.fullName}</strong>
                          <span className="muted">{[c.birthYear, c.settlement?.name].filter(Boolean).join(' · ')}</span>
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </section>
        <section className="card" aria-labelledby="household-h">
          <h2 id="household-h">{t('referral.household')}</h2>
          {form.householdId ? (
            <p className="picked" data-testid="referral-household">
              <strong>{form.householdName}</strong>{' '}
              <button type="button" className="btn btn-small" onClick={() => draft.update({ householdId: '', householdName: '', householdSettlementId: '' })}>
                {t('referral.changeHousehold')}
              </button>
            </p>
          ) : (
            <>
              <TextField label={t('referral.findHousehold')} optional hint={t('referral.householdHint')} type="search" value={householdQuery} error={errors.householdId} placeholder={t('clients.searchPlaceholder')} onChange={(e) => setHouseholdQuery(e.target.value)} />
              {households.data && (
                <ul className="list" aria-label={t('referral.householdMatches')}>
                  {households.data.households.edges.map(({ node: h }) => (
                    <li key={h.id}>
                      <button
                        type="button"
                        className="list-row list-button"
                        onClick={() => draft.update({ householdId: h.id, householdName: h.name, householdSettlementId: h.settlement?.id ?? '' })}
                      >
                        <span className="list-main">
                          <strong>{h.name}</strong>
                          <span className="muted">{h.settlement?.name ?? ''}</span>
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </section>
        <section className="card" aria-labelledby="referral-h">
          <h2 id="referral-h">{t('referral.referral')}</h2>
          <ChoiceChips
            legend={t('referral.route')}
            name="route"
            value={form.route}
            onChange={(v) => draft.update({ route: v as ReferralForm['route'] })}
            options={(['REQUEST', 'REFERRAL'] as const).map((r) => ({ value: r, label: t(`intakeRoute.${r}`) }))}
          />
          <div className="grid-3">
            <TextField label={t('referral.date')} name="referralDate" type="date" required value={form.date} error={errors.date} onChange={(e) => draft.update({ date: e.target.value })} />
            <TextField label={t('referral.requestDate')} name="requestDate" type="date" required={form.route === 'REQUEST'} optional={form.route !== 'REQUEST'} value={form.requestDate} error={errors.requestDate} onChange={(e) => draft.update({ requestDate: e.target.value })} />
            <TextField label={t('referral.requestNumber')} name="requestNumber" optional value={form.requestNumber} error={errors.requestNumber} onChange={(e) => draft.update({ requestNumber: e.target.value })} />
          </div>
          {form.route === 'REFERRAL' && (
            <div className="grid-3">
              <SelectField
                label={t('referral.legalReferrer')}
                name="legalReferrer"
                placeholder="—"
                value={form.legalReferrer}
                error={errors.legalReferrer}
                onChange={(e) => draft.update({ legalReferrer: e.target.value as ReferralForm['legalReferrer'] })}
                options={LEGAL_REFERRERS.map((r) => ({ value: r, label: t(`legalReferrer.${r}`) }))}
              />
              <TextField label={t('referral.documentNumber')} name="documentNumber" required value={form.documentNumber} error={errors.documentNumber} onChange={(e) => draft.update({ documentNumber: e.target.value })} />
              <TextField label={t('referral.documentDate')} name="documentDate" type="date" required value={form.documentDate} error={errors.documentDate} onChange={(e) => draft.update({ documentDate: e.target.value })} />
            </div>
          )}
          <div className="grid-2">
            <SelectField
              label={t('referral.concernRaisedBy')}
              name="concernRaisedBy"
              optional
              placeholder="—"
              value={form.concernRaisedBy}
              error={errors.concernRaisedBy}
              onChange={(e) => draft.update({ concernRaisedBy: e.target.value as ReferralForm['concernRaisedBy'] })}
              options={CONCERN_SOURCES.map((c) => ({ value: c, label: t(`concernSource.${c}`) }))}
            />
            <SelectField
              label={t('referral.organization')}
              name="referringOrganizationId"
              optional
              placeholder="—"
              value={form.referringOrganizationId}
              onChange={(e) => draft.update({ referringOrganizationId: e.target.value })}
              options={orgs.map((o) => ({ value: o.id, label: o.name }))}
            />
          </div>
          <TextArea label={t('referral.reason')} name="reason" optional value={form.reason} error={errors.reason} onChange={(e) => draft.update({ reason: e.target.value })} />
          {groups.length > 0 && (
            <fieldset className="chips">
              <legend>{t('referral.targetGroups')}</legend>
              <div className="checks">
                {groups.map((g) => (
                  <label key={g.id} className="checkbox">
                    <input
                      type="checkbox"
                      checked={form.targetGroupIds.includes(g.id)}
                      onChange={(e) => draft.update({ targetGroupIds: e.target.checked ? [...form.targetGroupIds, g.id] : form.targetGroupIds.filter((x) => x !== g.id) })}
                    />
                    {g.name}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
        </section>
        <section className="card" aria-labelledby="worker-h">
          <h2 id="worker-h">{t('referral.assignment')}</h2>
          <SelectField
            label={t('referral.leadWorker')}
            name="leadWorkerId"
            optional
            placeholder="—"
            value={form.leadWorkerId}
            error={errors.leadWorkerId}
            onChange={(e) => draft.update({ leadWorkerId: e.target.value })}
            options={staff.map((m) => ({ value: m.id, label: `${m.user.displayName}${m.title ? ` — ${m.title}` : ''}` }))}
          />
        </section>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={result.fetching}>
            {result.fetching ? t('common.saving') : t('referral.submit')}
          </button>
          <Link to="/cases" className="btn btn-quiet" onClick={() => draft.clear()}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
