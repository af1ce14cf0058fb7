import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql, type ResultOf } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { fieldErrors, SelectField, TextField } from '../components/form.tsx';
import { Empty, ErrorBanner, Loadable, QueryError, Spinner } from '../components/states.tsx';
import { todayIso, useFormat } from '../lib/format.ts';

// ---------- center settings ----------

const SettingsQuery = graphql(`
  query CenterSettings {
    center {
      id name code licensedCapacity address phone email providerName
      municipality { id name }
      services(includeInactive: true) { id name active access capacity deliveryModes serviceKind { id name } }
      teams { id name kind members { id endedOn user { displayName } } }
      staff { id role title fte startedOn user { displayName email } profession { id name } }
      partnerMunicipalities(includeEnded: true) { since until municipality { id name } }
    }
    serviceKinds { id name openAccessByDefault }
    professions { id name }
  }
`);

export function SettingsPage() {
  const { t } = useTranslation();
  const [result, refetch] = useQuery({ query: SettingsQuery });
  const [tab, setTab] = useState<'services' | 'staff' | 'teams' | 'partners'>('services');
  const tabs = [
    ['services', t('settings.services')],
    ['staff', t('settings.staff')],
    ['teams', t('settings.teams')],
    ['partners', t('settings.partners')],
  ] as const;
  return (
    <>
      <PageHeader title={t('settings.title')} lead={result.data ? `${result.data.center.name} · ${result.data.center.providerName}` : undefined} />
      <div className="tabs" role="tablist" aria-label={t('settings.title')}>
        {tabs.map(([key, label]) => (
          <button key={key} type="button" role="tab" id={`tab-${key}`} aria-selected={tab === key} aria-controls={`panel-${key}`} className={`tab${tab === key ? ' tab-on' : ''}`} onClick={() => setTab(key)}>
            {label}
          </button>
        ))}
      </div>
      <Loadable result={result} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(data) => (
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'services' && <Services data={data} />}
            {tab === 'staff' && <Staff data={data} />}
            {tab === 'teams' && <Teams data={data} />}
            {tab === 'partners' && <Partners data={data} />}
          </div>
        )}
      </Loadable>
    </>
  );
}

type SettingsData = ResultOf<typeof SettingsQuery>;

const CreateService = graphql(`
  mutation CreateService($input: CenterServiceInput!) { createService(input: $input) { id name active } }
`);
const DeactivateService = graphql(`
  mutation DeactivateService($id: ID!) { deactivateService(id: $id) { id active } }
`);
const ReactivateService = graphql(`
  mutation ReactivateService($id: ID!) { reactivateService(id: $id) { id active } }
`);

function Services({ data }: { data: SettingsData }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [kind, setKind] = useState(data.serviceKinds[0]?.id ?? '');
  const [nameBg, setNameBg] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [created, create] = useMutation(CreateService);
  const [, deactivate] = useMutation(DeactivateService);
  const [, reactivate] = useMutation(ReactivateService);
  const errors = fieldErrors(created.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await create({ input: { serviceKindId: kind, nameBg: nameBg.trim(), nameEn: nameEn.trim(), deliveryModes: ['IN_CENTER'] } });
    if (r.data) {
      setAdding(false);
      setNameBg('');
      setNameEn('');
    }
  }
  return (
    <section className="card">
      <div className="card-head">
        <h2>{t('settings.services')}</h2>
        <button type="button" className="btn btn-small" aria-expanded={adding} onClick={() => setAdding(!adding)}>
          + {t('settings.addService')}
        </button>
      </div>
      {adding && (
        <form className="form panel subpanel" onSubmit={submit}>
          <ErrorBanner error={created.error} />
          <SelectField label={t('settings.serviceKind')} value={kind} onChange={(e) => setKind(e.target.value)} options={data.serviceKinds.map((k) => ({ value: k.id, label: k.name }))} />
          <div className="grid-2">
            <TextField label={t('settings.nameBg')} lang="bg" required value={nameBg} error={errors.nameBg} onChange={(e) => setNameBg(e.target.value)} />
            <TextField label={t('settings.nameEn')} lang="en" required value={nameEn} error={errors.nameEn} onChange={(e) => setNameEn(e.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={created.fetching}>
              {t('common.save')}
            </button>
          </div>
        </form>
      )}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('settings.service')}</th>
              <th scope="col">{t('settings.access')}</th>
              <th scope="col">{t('settings.modes')}</th>
              <th scope="col">{t('settings.state')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('cases.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.center.services?.map((s) => (
              <tr key={s.id}>
                <td>
                  <strong>{s.name}</strong>
                  <div className="muted small">{s.serviceKind.name}</div>
                </td>
                <td>{t(`serviceAccess.${s.access}`)}</td>
                <td>{s.deliveryModes.map((m) => t(`deliveryMode.${m}`)).join(', ')}</td>
                <td>{s.active ? <span className="badge badge-ok">{t('settings.active')}</span> : <span className="badge badge-grey">{t('settings.inactive')}</span>}</td>
                <td>
                  <button type="button" className="btn btn-small" onClick={() => void (s.active ? deactivate({ id: s.id }) : reactivate({ id: s.id }))}>
                    {s.active ? t('settings.deactivate') : t('settings.reactivate')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const AddStaff = graphql(`
  mutation AddStaffMember($input: AddStaffMemberInput!) { addStaffMember(input: $input) { id role user { displayName } } }
`);

function Staff({ data }: { data: SettingsData }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({ displayName: '', email: '', role: 'SPECIALIST' as 'SPECIALIST' | 'CASE_WORKER' | 'SOCIAL_ASSOCIATE' | 'MANAGER', professionId: '', initialPassword: '' });
  const [result, add] = useMutation(AddStaff);
  const errors = fieldErrors(result.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await add({ input: { displayName: form.displayName.trim(), email: form.email.trim(), role: form.role, professionId: form.professionId || null, initialPassword: form.initialPassword || null } });
    if (r.data) setAdding(false);
  }
  return (
    <section className="card">
      <div className="card-head">
        <h2>{t('settings.staff')}</h2>
        <button type="button" className="btn btn-small" aria-expanded={adding} onClick={() => setAdding(!adding)}>
          + {t('settings.addStaff')}
        </button>
      </div>
      {adding && (
        <form className="form panel subpanel" onSubmit={submit}>
          <ErrorBanner error={result.error} />
          <div className="grid-2">
            <TextField label={t('settings.displayName')} required value={form.displayName} error={errors.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
            <TextField label={t('auth.email')} type="email" required value={form.email} error={errors.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
          </div>
          <div className="grid-3">
            <SelectField label={t('settings.role')} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as typeof form.role })} options={(['SPECIALIST', 'CASE_WORKER', 'SOCIAL_ASSOCIATE', 'MANAGER'] as const).map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
            <SelectField label={t('settings.profession')} optional placeholder="—" value={form.professionId} onChange={(e) => setForm({ ...form, professionId: e.target.value })} options={data.professions.map((p) => ({ value: p.id, label: p.name }))} />
            <TextField label={t('settings.initialPassword')} hint={t('settings.initialPasswordHint')} type="password" autoComplete="new-password" value={form.initialPassword} error={errors.initialPassword} onChange={(e) => setForm({ ...form, initialPassword: e.target.value })} />
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={result.fetching}>
              {t('common.save')}
            </button>
          </div>
        </form>
      )}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('settings.displayName')}</th>
              <th scope="col">{t('settings.role')}</th>
              <th scope="col">{t('settings.since')}</th>
              <th scope="col" className="num">{t('settings.fte')}</th>
            </tr>
          </thead>
          <tbody>
            {data.center.staff?.map((m) => (
              <tr key={m.id}>
                <td>
                  <strong>{m.user.displayName}</strong>
                  <div className="muted small">{m.title ?? m.profession?.name}</div>
                </td>
                <td>{t(`roles.${m.role}`)}</td>
                <td>{f.shortDate(m.startedOn)}</td>
                <td className="num">{m.fte === null ? '—' : f.number(m.fte, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Teams({ data }: { data: SettingsData }) {
  const { t } = useTranslation();
  return (
    <div className="columns">
      {(data.center.teams ?? []).map((team) => (
        <section className="card" key={team.id}>
          <div className="card-head">
            <h2>{team.name}</h2>
            <span className="badge">{t(`teamKind.${team.kind}`)}</span>
          </div>
          <ul className="plain">
            {team.members.filter((m) => !m.endedOn).map((m) => (
              <li key={m.id}>{m.user.displayName}</li>
            ))}
          </ul>
        </section>
      ))}
      {(data.center.teams ?? []).length === 0 && <Empty>{t('state.empty')}</Empty>}
    </div>
  );
}

const MunicipalitiesQuery = graphql(`
  query AllMunicipalities { municipalities { id name region } }
`);
const AddPartner = graphql(`
  mutation AddPartnerMunicipality($municipalityId: ID!, $since: Date!) { addPartnerMunicipality(municipalityId: $municipalityId, since: $since) { since until municipality { id name } } }
`);
const EndPartner = graphql(`
  mutation EndPartnerMunicipality($municipalityId: ID!, $until: Date!) { endPartnerMunicipality(municipalityId: $municipalityId, until: $until) { since until municipality { id name } } }
`);

function Partners({ data }: { data: SettingsData }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [all] = useQuery({ query: MunicipalitiesQuery });
  const [pick, setPick] = useState('');
  const [added, add] = useMutation(AddPartner);
  const [ended, end] = useMutation(EndPartner);
  const current = new Set((data.center.partnerMunicipalities ?? []).filter((p) => !p.until).map((p) => p.municipality.id));
  return (
    <section className="card">
      <h2>{t('settings.partners')}</h2>
      <p className="muted">{t('settings.partnersLead', { home: data.center.municipality.name })}</p>
      <ErrorBanner error={added.error ?? ended.error} />
      <ul className="list">
        {(data.center.partnerMunicipalities ?? []).map((p) => (
          <li key={p.municipality.id} className="list-row">
            <span className="list-main">
              <strong>{p.municipality.name}</strong>
              <span className="muted">
                {t('settings.partnerSince', { date: f.shortDate(p.since) })}
                {p.until && ` · ${t('settings.partnerUntil', { date: f.shortDate(p.until) })}`}
              </span>
            </span>
            {!p.until && (
              <button type="button" className="btn btn-small" onClick={() => void end({ municipalityId: p.municipality.id, until: todayIso() })}>
                {t('settings.endPartner')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (pick) void add({ municipalityId: pick, since: todayIso() }).then((r) => r.data && setPick(''));
        }}
      >
        <SelectField
          label={t('settings.addPartner')}
          placeholder="—"
          value={pick}
          onChange={(e) => setPick(e.target.value)}
          options={(all.data?.municipalities ?? []).filter((m) => !current.has(m.id)).map((m) => ({ value: m.id, label: `${m.name} (${m.region})` }))}
        />
        <button type="submit" className="btn btn-primary" disabled={!pick || added.fetching}>
          {t('common.add')}
        </button>
      </form>
    </section>
  );
}

// ---------- audit trail ----------

const AuditQuery = graphql(`
  query AuditTrail($first: Int!, $action: AuditAction, $from: DateTime, $to: DateTime, $entityId: ID) {
    auditEvents(first: $first, action: $action, from: $from, to: $to, entityId: $entityId) {
      totalCount
      pageInfo { hasNextPage }
      edges { node { id at action actorName actorRole entityType entityId entityNodeId requestId } }
    }
  }
`);

const ACTIONS = ['READ', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'LOGIN', 'LOGIN_FAILED', 'LOGOUT', 'SWITCH_MEMBERSHIP'] as const;
const LINKS: Record<string, string> = { Client: '/clients/', Case: '/cases/', Household: '/households/', GroupProgram: '/groups/' };

export function AuditPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const action = params.get('action') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const entityId = params.get('entity') ?? '';
  const size = Number(params.get('n') ?? 50);
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const dayStart = (d: string) => (d ? new Date(`${d}T00:00:00`).toISOString() : null);
  const [result, refetch] = useQuery({
    query: AuditQuery,
    variables: {
      first: size,
      action: ACTIONS.includes(action as (typeof ACTIONS)[number]) ? (action as (typeof ACTIONS)[number]) : null,
      from: dayStart(from),
      to: to ? new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString() : null,
      entityId: entityId || null,
    },
  });
  const data = result.data?.auditEvents;
  return (
    <>
      <PageHeader title={t('audit.title')} lead={t('audit.lead')} />
      <div className="toolbar">
        <div className="field">
          <label htmlFor="audit-action">{t('audit.action')}</label>
          <select id="audit-action" value={action} onChange={(e) => set({ action: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`auditAction.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('common.from')}</label>
          <input id="audit-from" type="date" value={from} onChange={(e) => set({ from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('common.to')}</label>
          <input id="audit-to" type="date" value={to} onChange={(e) => set({ to: e.target.value })} />
        </div>
        {entityId && (
          <button type="button" className="btn" onClick={() => set({ entity: '' })}>
            {t('audit.allRecords')}
          </button>
        )}
      </div>
      {result.error && !data ? (
        <QueryError error={result.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : !data ? (
        <Spinner />
      ) : data.edges.length === 0 ? (
        <Empty>{t('audit.empty')}</Empty>
      ) : (
        <>
          <p className="muted">{t('audit.count', { count: data.totalCount })}</p>
          <div className="table-wrap card" style={{ padding: 0 }}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.when')}</th>
                  <th scope="col">{t('audit.who')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.record')}</th>
                </tr>
              </thead>
              <tbody>
                {data.edges.map(({ node: e }) => (
                  <tr key={e.id}>
                    <td>{f.dateTime(e.at)}</td>
                    <td>
                      {e.actorName ?? '—'}
                      {e.actorRole && <div className="muted small">{t(`roles.${e.actorRole}`)}</div>}
                    </td>
                    <td>
                      <span className={`badge ${e.action === 'READ' ? 'badge-grey' : e.action === 'LOGIN_FAILED' || e.action === 'DELETE' ? 'badge-err' : ''}`}>{t(`auditAction.${e.action}`)}</span>
                    </td>
                    <td>
                      {e.entityNodeId && LINKS[e.entityType] ? <Link to={`${LINKS[e.entityType]}${encodeURIComponent(e.entityNodeId)}`}>{t('audit.entity', { type: e.entityType })}</Link> : e.entityType}
                      {e.entityNodeId && (
                        <button type="button" className="btn btn-small btn-quiet" onClick={() => set({ entity: e.entityNodeId ?? '' })}>
                          {t('audit.history')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.pageInfo.hasNextPage && (
            <button type="button" className="btn btn-block" onClick={() => set({ n: String(size + 50) })}>
              {t('common.loadMore')}
            </button>
          )}
        </>
      )}
    </>
  );
}
