import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { graphql, readFragment, type ResultOf } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { ChoiceChips, fieldErrors, SelectField, TextField } from '../components/form.tsx';
import { ErrorBanner, Loadable, NotFound } from '../components/states.tsx';
import { useDraft } from '../lib/draft.ts';
import { useFormat } from '../lib/format.ts';
import { newKey } from '../lib/hooks.ts';
import { errorCode } from '../lib/urql.ts';

const SettlementsQuery = graphql(`
  query ClientFormSettlements {
    center { id municipality { id name settlements { id name kind } } }
  }
`);

const ClientFields = graphql(`
  fragment ClientFields on Client {
    id kind firstName middleName lastName birthDate birthYear sex address phone email version fullName
    settlement { id name }
  }
`);

const ClientForEdit = graphql(
  `
  query ClientForEdit($id: ID!) {
    node(id: $id) { __typename ... on Client { ...ClientFields } }
  }
`,
  [ClientFields],
);

const RegisterClient = graphql(
  `
  mutation RegisterClient($input: ClientInput!, $key: String) {
    registerClient(input: $input, idempotencyKey: $key) {
      client { id ...ClientFields }
      possibleDuplicates { id fullName birthDate }
    }
  }
`,
  [ClientFields],
);

const UpdateClient = graphql(
  `
  mutation UpdateClient($id: ID!, $input: ClientInput!, $version: Int!) {
    updateClient(id: $id, input: $input, version: $version) { ...ClientFields }
  }
`,
  [ClientFields],
);

type Form = {
  kind: 'CHILD' | 'ADULT';
  firstName: string;
  middleName: string;
  lastName: string;
  birthDate: string;
  birthYear: string;
  sex: 'FEMALE' | 'MALE' | 'OTHER' | 'UNKNOWN';
  settlementId: string;
  address: string;
  phone: string;
  email: string;
};

const EMPTY: Form = { kind: 'CHILD', firstName: '', middleName: '', lastName: '', birthDate: '', birthYear: '', sex: 'UNKNOWN', settlementId: '', address: '', phone: '', email: '' };
const FIELDS: (keyof Form)[] = ['kind', 'firstName', 'middleName', 'lastName', 'birthDate', 'birthYear', 'sex', 'settlementId', 'address', 'phone', 'email'];

function toInput(f: Form) {
  const s = (v: string) => (v.trim() === '' ? null : v.trim());
  return {
    kind: f.kind,
    firstName: f.firstName.trim(),
    middleName: s(f.middleName),
    lastName: f.lastName.trim(),
    birthDate: s(f.birthDate),
    birthYear: f.birthYear.trim() ? Number(f.birthYear) : null,
    sex: f.sex,
    settlementId: s(f.settlementId),
    address: s(f.address),
    phone: s(f.phone),
    email: s(f.email),
  };
}

/** The record the server sent with a CONFLICT (the API's shape: global ids, relations as { id }) as form values. */
function fromConflict(current: Record<string, unknown>): Form {
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return {
    kind: current.kind === 'ADULT' ? 'ADULT' : 'CHILD',
    firstName: str(current.firstName),
    middleName: str(current.middleName),
    lastName: str(current.lastName),
    birthDate: current.birthDate ? str(current.birthDate).slice(0, 10) : '',
    birthYear: str(current.birthYear),
    sex: (['FEMALE', 'MALE', 'OTHER', 'UNKNOWN'].includes(str(current.sex)) ? str(current.sex) : 'UNKNOWN') as Form['sex'],
    settlementId: str((current.settlement as { id?: unknown } | null | undefined)?.id),
    address: str(current.address),
    phone: str(current.phone),
    email: str(current.email),
  };
}

type ClientData = ResultOf<typeof ClientFields>;

function fromClient(c: ClientData): Form {
  return {
    kind: c.kind,
    firstName: c.firstName,
    middleName: c.middleName ?? '',
    lastName: c.lastName,
    birthDate: c.birthDate ?? '',
    birthYear: c.birthDate ? '' : String(c.birthYear ?? ''),
    sex: c.sex,
    settlementId: c.settlement?.id ?? '',
    address: c.address ?? '',
    phone: c.phone ?? '',
    email: c.email ?? '',
  };
}

function ClientFieldsForm({ form, update, errors }: { form: Form; update: (p: Partial<Form>) => void; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const [settlements] = useQuery({ query: SettlementsQuery });
  const options = settlements.data?.center.municipality.settlements.map((s) => ({ value: s.id, label: s.name })) ?? [];
  if (form.settlementId && !options.some((o) => o.value === form.settlementId)) options.unshift({ value: form.settlementId, label: '…' });
  return (
    <>
      <ChoiceChips
        legend={t('clients.kind')}
        name="kind"
        value={form.kind}
        onChange={(v) => update({ kind: v as Form['kind'] })}
        options={[
          { value: 'CHILD', label: t('kinds.CHILD') },
          { value: 'ADULT', label: t('kinds.ADULT') },
        ]}
      />
      <div className="grid-3">
        <TextField label={t('clients.firstName')} name="firstName" required autoComplete="off" value={form.firstName} error={errors.firstName} onChange={(e) => update({ firstName: e.target.value })} />
        <TextField label={t('clients.middleName')} name="middleName" optional autoComplete="off" value={form.middleName} error={errors.middleName} onChange={(e) => update({ middleName: e.target.value })} />
        <TextField label={t('clients.lastName')} name="lastName" required autoComplete="off" value={form.lastName} error={errors.lastName} onChange={(e) => update({ lastName: e.target.value })} />
      </div>
      <div className="grid-3">
        <TextField label={t('clients.birthDate')} name="birthDate" type="date" optional value={form.birthDate} error={errors.birthDate} onChange={(e) => update({ birthDate: e.target.value })} />
        <TextField
          label={t('clients.birthYear')}
          name="birthYear"
          inputMode="numeric"
          optional
          hint={t('clients.birthYearHint')}
          value={form.birthYear}
          error={errors.birthYear}
          onChange={(e) => update({ birthYear: e.target.value.replace(/\D/g, '').slice(0, 4) })}
        />
        <SelectField
          label={t('clients.sex')}
          name="sex"
          value={form.sex}
          onChange={(e) => update({ sex: e.target.value as Form['sex'] })}
          options={(['FEMALE', 'MALE', 'OTHER', 'UNKNOWN'] as const).map((s) => ({ value: s, label: t(`sex.${s}`) }))}
        />
      </div>
      <div className="grid-2">
        <SelectField
          label={t('clients.settlement')}
          name="settlementId"
          optional
          placeholder="—"
          value={form.settlementId}
          error={errors.settlementId}
          onChange={(e) => update({ settlementId: e.target.value })}
          options={options}
        />
        <TextField label={t('clients.address')} name="address" optional value={form.address} error={errors.address} onChange={(e) => update({ address: e.target.value })} />
      </div>
      <div className="grid-2">
        <TextField label={t('clients.phone')} name="phone" type="tel" optional value={form.phone} error={errors.phone} onChange={(e) => update({ phone: e.target.value })} />
        <TextField label={t('clients.emailField')} name="email" type="email" optional value={form.email} error={errors.email} onChange={(e) => update({ email: e.target.value })} />
      </div>
    </>
  );
}

export function ClientNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const draft = useDraft<Form & { key: string }>('client-new', () => ({ ...EMPTY, key: newKey() }));
  const [result, register] = useMutation(RegisterClient);
  const [duplicates, setDuplicates] = useState<{ id: string; fullName: string }[]>([]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await register({ input: toInput(draft.value), key: draft.value.key });
    const client = r.data?.registerClient.client;
    if (!client) return;
    draft.clear();
    const dups = r.data?.registerClient.possibleDuplicates ?? [];
    if (dups.length) {
      setDuplicates(dups);
      navigate(`/clients/${encodeURIComponent(client.id)}?registered=1&duplicates=${dups.length}`);
    } else navigate(`/clients/${encodeURIComponent(client.id)}?registered=1`);
  }

  return (
    <>
      <PageHeader title={t('clients.registerTitle')} back={{ to: '/clients', label: t('clients.title') }} />
      <form className="card form" onSubmit={submit} noValidate>
        {draft.restored && (
          <div className="banner banner-info" role="status">
            {t('clients.draftRestored')}
          </div>
        )}
        <ErrorBanner error={result.error} />
        {duplicates.length > 0 && <div className="banner banner-warn">{t('clients.possibleDuplicates')}</div>}
        <ClientFieldsForm form={draft.value} update={draft.update} errors={fieldErrors(result.error)} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={result.fetching}>
            {result.fetching ? t('common.saving') : t('common.save')}
          </button>
          <Link to="/clients" className="btn btn-quiet" onClick={() => draft.clear()}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}

export function ClientEditPage() {
  const { id = '' } = useParams();
  const [result, refetch] = useQuery({ query: ClientForEdit, variables: { id }, requestPolicy: 'network-only' });
  return (
    <Loadable result={result} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
      {(data) => (data.node?.__typename === 'Client' ? <EditForm client={readFragment(ClientFields, data.node)} onReload={() => refetch({ requestPolicy: 'network-only' })} /> : <NotFound />)}
    </Loadable>
  );
}

function EditForm({ client, onReload }: { client: ClientData; onReload: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const base = useMemo(() => fromClient(client), [client]);
  const draft = useDraft<Form & { version: number; base: Form }>(`client-edit.${client.id}`, () => ({ ...base, version: client.version, base }));
  const [result, update] = useMutation(UpdateClient);
  const [conflict, setConflict] = useState<{ theirs: Form; version: number } | null>(null);

  async function save(version: number) {
    const { base: _b, version: _v, ...form } = draft.value;
    const r = await update({ id: client.id, input: toInput(form), version });
    if (r.data?.updateClient) {
      draft.clear();
      navigate(`/clients/${encodeURIComponent(client.id)}?saved=1`);
      return;
    }
    if (errorCode(r.error) === 'CONFLICT') {
      const current = r.error?.graphQLErrors[0]?.extensions?.current as Record<string, unknown> | undefined;
      if (current) setConflict({ theirs: fromConflict(current), version: Number(current.version) });
    }
  }

  const label = (k: keyof Form) =>
    ({
      kind: t('clients.kind'),
      firstName: t('clients.firstName'),
      middleName: t('clients.middleName'),
      lastName: t('clients.lastName'),
      birthDate: t('clients.birthDate'),
      birthYear: t('clients.birthYear'),
      sex: t('clients.sex'),
      settlementId: t('clients.settlement'),
      address: t('clients.address'),
      phone: t('clients.phone'),
      email: t('clients.emailField'),
    })[k];
  const show = (k: keyof Form, v: string) => (k === 'kind' ? t(`kinds.${v as Form['kind']}`) : k === 'sex' ? t(`sex.${v as Form['sex']}`) : k === 'birthDate' ? f.date(v || null) : v || '—');
  const changed = conflict ? FIELDS.filter((k) => conflict.theirs[k] !== draft.value.base[k] || conflict.theirs[k] !== draft.value[k]) : [];

  return (
    <>
      <PageHeader title={t('clients.editTitle', { name: client.fullName })} back={{ to: `/clients/${encodeURIComponent(client.id)}`, label: client.fullName }} />
      <form
        className="card form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save(draft.value.version);
        }}
      >
        {draft.restored && (
          <div className="banner banner-info" role="status">
            {t('clients.draftRestored')}
          </div>
        )}
        {conflict ? (
          <div className="banner banner-warn conflict" role="alert" data-testid="conflict">
            <strong>{t('clients.conflictTitle')}</strong>
            <p>{t('clients.conflictLead')}</p>
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('clients.field')}</th>
                    <th scope="col">{t('clients.conflictTheirs')}</th>
                    <th scope="col">{t('clients.conflictMine')}</th>
                  </tr>
                </thead>
                <tbody>
                  {changed.map((k) => (
                    <tr key={k}>
                      <th scope="row">{label(k)}</th>
                      <td>{k === 'settlementId' ? (conflict.theirs[k] ? '✓' : '—') : show(k, conflict.theirs[k])}</td>
                      <td>{k === 'settlementId' ? (draft.value[k] ? '✓' : '—') : show(k, draft.value[k])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="form-actions">
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => {
                  const v = conflict.version;
                  setConflict(null);
                  draft.update({ version: v, base: conflict.theirs });
                  void save(v);
                }}
              >
                {t('clients.keepMine')}
              </button>
              <button
                type="button"
                className="btn"
                onClick={() => {
                  draft.reset({ ...conflict.theirs, version: conflict.version, base: conflict.theirs });
                  setConflict(null);
                  onReload();
                }}
              >
                {t('clients.takeTheirs')}
              </button>
            </div>
          </div>
        ) : (
          <ErrorBanner error={errorCode(result.error) === 'CONFLICT' ? null : (result.error as CombinedError | undefined)} />
        )}
        <ClientFieldsForm form={draft.value} update={draft.update} errors={fieldErrors(result.error)} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={result.fetching}>
            {result.fetching ? t('common.saving') : t('common.save')}
          </button>
          <Link to={`/clients/${encodeURIComponent(client.id)}`} className="btn btn-quiet" onClick={() => draft.clear()}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
