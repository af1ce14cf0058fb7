import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql.ts';
import { fieldErrors, SelectField, TextField } from '../../components/form.tsx';
import { Empty, ErrorBanner } from '../../components/states.tsx';
import { todayIso, useFormat } from '../../lib/format.ts';
import type { SettingsData } from './query.ts';

export const MunicipalitiesQuery = graphql(`
  query AllMunicipalities { municipalities { id name region } }
`);
const AddPartner = graphql(`
  mutation AddPartnerMunicipality($municipalityId: ID!, $since: Date!) { addPartnerMunicipality(municipalityId: $municipalityId, since: $since) { since until municipality { id name } } }
`);
const EndPartner = graphql(`
  mutation EndPartnerMunicipality($municipalityId: ID!, $until: Date!) { endPartnerMunicipality(municipalityId: $municipalityId, until: $until) { since until municipality { id name } } }
`);

export function Partners({ data, canEdit }: { data: SettingsData; canEdit: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [all] = useQuery({ query: MunicipalitiesQuery, pause: !canEdit });
  const [pick, setPick] = useState('');
  const [since, setSince] = useState(todayIso());
  const [until, setUntil] = useState(todayIso());
  const [ending, setEnding] = useState<string | null>(null);
  const [added, add] = useMutation(AddPartner);
  const [ended, end] = useMutation(EndPartner);
  const partners = data.center.partnerMunicipalities ?? [];
  const current = new Set(partners.filter((p) => !p.until).map((p) => p.municipality.id));
  const addErrors = fieldErrors(added.error);
  const endErrors = fieldErrors(ended.error);
  return (
    <section className="card" aria-labelledby="partners-h">
      <h2 id="partners-h">{t('settings.partners')}</h2>
      <p className="muted">{t('settings.partnersLead', { home: data.center.municipality.name })}</p>
      {partners.length === 0 ? (
        <Empty>{t('settings.noPartners')}</Empty>
      ) : (
        <ul className="list" data-testid="partners-list">
          {partners.map((p) => (
            <li key={p.municipality.id} className="list-row">
              <span className="list-main">
                <strong>{p.municipality.name}</strong>
                <span className="muted">
                  {t('settings.partnerSince', { date: f.shortDate(p.since) })}
                  {p.until && ` · ${t('settings.partnerUntil', { date: f.shortDate(p.until) })}`}
                </span>
              </span>
              {canEdit && !p.until && ending !== p.municipality.id && (
                <button type="button" className="btn btn-small" onClick={() => { setUntil(todayIso()); setEnding(p.municipality.id); }}>
                  {t('settings.endPartner')}
                  <span className="visually-hidden"> {p.municipality.name}</span>
                </button>
              )}
              {canEdit && ending === p.municipality.id && (
                <form
                  className="toolbar"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void end({ municipalityId: p.municipality.id, until }).then((r) => r.data && setEnding(null));
                  }}
                >
                  <TextField label={t('settings.partnerEndOn')} type="date" value={until} error={endErrors.until} onChange={(e) => setUntil(e.target.value)} />
                  <button type="submit" className="btn btn-small btn-danger" disabled={ended.fetching}>
                    {t('settings.endPartner')}
                  </button>
                  <button type="button" className="btn btn-small btn-quiet" onClick={() => setEnding(null)}>
                    {t('common.cancel')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <>
          <ErrorBanner error={added.error ?? ended.error} />
          <form
            className="toolbar"
            aria-label={t('settings.addPartner')}
            onSubmit={(e) => {
              e.preventDefault();
              if (pick) void add({ municipalityId: pick, since }).then((r) => r.data && setPick(''));
            }}
          >
            <SelectField
              label={t('settings.addPartner')}
              placeholder="—"
              value={pick}
              error={addErrors.municipalityId}
              onChange={(e) => setPick(e.target.value)}
              options={(all.data?.municipalities ?? []).filter((m) => !current.has(m.id)).map((m) => ({ value: m.id, label: `${m.name} (${m.region})` }))}
            />
            <TextField label={t('settings.partnerFrom')} type="date" value={since} error={addErrors.since} onChange={(e) => setSince(e.target.value)} />
            <button type="submit" className="btn btn-primary" disabled={!pick || added.fetching}>
              {t('common.add')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
