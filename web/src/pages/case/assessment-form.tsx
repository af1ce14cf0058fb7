import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ASSESSMENT_SIDES, NEED_RATINGS, sideOf, type AssessmentAreaName } from '@opora/common/assessment';
import { graphql, type ResultOf } from '../../graphql.ts';
import { fieldErrors, FormError, SelectField, TextArea, TextField } from '../../components/form.tsx';
import { Loadable } from '../../components/states.tsx';
import { todayIso, useFormat } from '../../lib/format.ts';
import { ParticipantsEditor, toParticipantInput, type ParticipantDraft } from './participants.tsx';

// The structured needs assessment (ИОП): the areas of the framework's three sides, each rated
// with notes; risks, strengths, sources consulted; the participation of the child and the
// parents. Saved as it is made, completed once every area is rated (the server names any left).

export const AssessmentDetailQuery = graphql(`
  query AssessmentDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on Assessment {
        id version dueOn startedOn completedOn summary risks strengths sources areasToRate
        areas { id area side rating notes }
        participants { role name present heard agreed signed signedOn }
        previous { id completedOn }
        changes { area side previousRating rating change }
      }
    }
  }
`);

type Detail = Extract<NonNullable<ResultOf<typeof AssessmentDetailQuery>['node']>, { __typename: 'Assessment' }>;
type Rating = (typeof NEED_RATINGS)[number];

const SaveAssessment = graphql(`
  mutation SaveAssessment($id: ID!, $version: Int!, $input: AssessmentInput!) {
    saveAssessment(id: $id, version: $version, input: $input) { id version areas { id area rating notes } risks strengths sources summary participants { role name present heard agreed signed signedOn } }
  }
`);
const CompleteStructured = graphql(`
  mutation CompleteStructuredAssessment($id: ID!, $version: Int, $completedOn: Date!, $summary: String!, $input: AssessmentInput) {
    completeAssessment(id: $id, version: $version, completedOn: $completedOn, summary: $summary, input: $input) { id completedOn summary version }
  }
`);

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** „Завърши оценката“: the structured form of the open assessment. */
export function AssessmentForm({ assessmentId, onDone }: { assessmentId: string; onDone: () => void }) {
  const [result] = useQuery({ query: AssessmentDetailQuery, variables: { id: assessmentId }, requestPolicy: 'network-only' });
  return <Loadable result={result}>{(data) => (data.node?.__typename === 'Assessment' ? <Form a={data.node as Detail} onDone={onDone} /> : null)}</Loadable>;
}

function Form({ a, onDone }: { a: Detail; onDone: () => void }) {
  const { t } = useTranslation();
  const stored = new Map(a.areas.map((x) => [x.area, x]));
  const [ratings, setRatings] = useState<Record<string, { rating: Rating | ''; notes: string }>>(() =>
    Object.fromEntries(a.areasToRate.map((area) => [area, { rating: (stored.get(area)?.rating ?? '') as Rating | '', notes: stored.get(area)?.notes ?? '' }])),
  );
  const [risks, setRisks] = useState(a.risks.join('\n'));
  const [strengths, setStrengths] = useState(a.strengths.join('\n'));
  const [sources, setSources] = useState(a.sources.join('\n'));
  const [participants, setParticipants] = useState<ParticipantDraft[]>(a.participants.map((p) => ({ ...p, signedOn: p.signedOn ?? '' })));
  const [summary, setSummary] = useState(a.summary ?? '');
  const [completedOn, setCompletedOn] = useState(todayIso());
  const [version, setVersion] = useState(a.version);
  const [saved, save] = useMutation(SaveAssessment);
  const [completed, complete] = useMutation(CompleteStructured);
  const [notice, setNotice] = useState(false);
  const error = completed.error ?? saved.error;
  const errors = fieldErrors(error);

  const input = () => ({
    areas: a.areasToRate.map((area) => ({ area, rating: ratings[area]?.rating || null, notes: ratings[area]?.notes.trim() || null })),
    risks: lines(risks),
    strengths: lines(strengths),
    sources: lines(sources),
    participants: participants.map(toParticipantInput),
  });

  async function onSave() {
    setNotice(false);
    const r = await save({ id: a.id, version, input: { ...input(), summary: summary.trim() || null } });
    if (r.data) {
      setVersion(r.data.saveAssessment.version);
      setNotice(true);
    }
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    setNotice(false);
    const r = await complete({ id: a.id, version, completedOn, summary, input: input() });
    if (r.data) onDone();
  }
  const shown = [...a.areasToRate, 'completedOn', 'summary', 'risks', 'strengths', 'sources', 'name', 'signedOn'];
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{t('cases.completeAssessment')}</h2>
      <p className="muted">{t('iop.title')}</p>
      <FormError error={error} fields={shown} />
      {notice && (
        <div className="banner banner-ok" role="status">
          {t('iop.saved')}
        </div>
      )}
      {ASSESSMENT_SIDES.map((side) => (
        <fieldset key={side} className="assessment-side" data-testid={`side-${side}`}>
          <legend>{t(`assessmentSide.${side}`)}</legend>
          {a.areasToRate
            .filter((area) => sideOf(area as AssessmentAreaName) === side)
            .map((area) => (
              <div key={area} className="grid-2 assessment-area">
                <SelectField
                  label={t(`assessmentArea.${area}`)}
                  placeholder={t('iop.notRated')}
                  value={ratings[area]?.rating ?? ''}
                  error={errors[area]}
                  options={NEED_RATINGS.map((r) => ({ value: r, label: t(`needRating.${r}`) }))}
                  onChange={(e) => setRatings({ ...ratings, [area]: { ...ratings[area]!, rating: e.target.value as Rating | '' } })}
                />
                <TextField
                  label={t('iop.notesOf', { area: t(`assessmentArea.${area}`) })}
                  optional
                  value={ratings[area]?.notes ?? ''}
                  onChange={(e) => setRatings({ ...ratings, [area]: { ...ratings[area]!, notes: e.target.value } })}
                />
              </div>
            ))}
        </fieldset>
      ))}
      <div className="grid-2">
        <TextArea label={t('iop.risks')} hint={t('iop.listHint')} optional value={risks} error={errors.risks} onChange={(e) => setRisks(e.target.value)} />
        <TextArea label={t('iop.strengths')} hint={t('iop.listHint')} optional value={strengths} error={errors.strengths} onChange={(e) => setStrengths(e.target.value)} />
      </div>
      <TextArea label={t('iop.sources')} hint={t('iop.listHint')} optional value={sources} error={errors.sources} onChange={(e) => setSources(e.target.value)} />
      <ParticipantsEditor legend={t('iop.participants')} value={participants} onChange={setParticipants} errors={errors} withHeard />
      <TextField label={t('cases.completedOn')} type="date" value={completedOn} error={errors.completedOn} onChange={(e) => setCompletedOn(e.target.value)} />
      <TextArea label={t('iop.conclusion')} required value={summary} error={errors.summary} onChange={(e) => setSummary(e.target.value)} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={completed.fetching || saved.fetching}>
          {completed.fetching ? t('common.saving') : t('cases.completeAssessment')}
        </button>
        <button type="button" className="btn" disabled={completed.fetching || saved.fetching} onClick={() => void onSave()}>
          {t('iop.save')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A completed (or open) assessment as read on the case page, with the change per area against the one before. */
export function AssessmentView({ assessmentId }: { assessmentId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [result] = useQuery({ query: AssessmentDetailQuery, variables: { id: assessmentId } });
  return (
    <Loadable result={result}>
      {(data) => {
        if (data.node?.__typename !== 'Assessment') return null;
        const a = data.node as Detail;
        if (a.areas.length === 0) return <p className="muted">{t('iop.legacy')}</p>;
        const changes = new Map(a.changes.map((c) => [c.area, c]));
        const compared = a.previous && a.changes.length > 0;
        return (
          <div className="assessment-view" data-testid="assessment-view">
            {compared && <p className="muted">{t('iop.comparedWith', { date: a.previous!.completedOn ? f.date(a.previous!.completedOn) : '—' })}</p>}
            {ASSESSMENT_SIDES.map((side) => (
              <table key={side} className="table compact">
                <caption>{t(`assessmentSide.${side}`)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('iop.rating')}</th>
                    {compared && <th scope="col">{t('iop.previous')}</th>}
                    <th scope="col">{t('iop.now')}</th>
                    {compared && <th scope="col">{t('iop.change')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {a.areas
                    .filter((x) => x.side === side)
                    .map((x) => {
                      const c = changes.get(x.area);
                      return (
                        <tr key={x.id} data-testid={`area-${x.area}`}>
                          <th scope="row">
                            {t(`assessmentArea.${x.area}`)}
                            {x.notes && <div className="muted small">{x.notes}</div>}
                          </th>
                          {compared && <td>{c?.previousRating ? t(`needRating.${c.previousRating}`) : '—'}</td>}
                          <td>{x.rating ? t(`needRating.${x.rating}`) : '—'}</td>
                          {compared && (
                            <td>
                              {c?.change ? <span className={`badge ${c.change === 'BETTER' ? 'badge-ok' : c.change === 'WORSE' ? 'badge-err' : 'badge-grey'}`}>{t(`assessmentChange.${c.change}`)}</span> : '—'}
                            </td>
                          )}
                        </tr>
                      );
                    })}
                </tbody>
              </table>
            ))}
            <dl className="facts">
              <dt>{t('iop.risks')}</dt>
              <dd>{a.risks.join('; ') || '—'}</dd>
              <dt>{t('iop.strengths')}</dt>
              <dd>{a.strengths.join('; ') || '—'}</dd>
              <dt>{t('iop.sources')}</dt>
              <dd>{a.sources.join('; ') || '—'}</dd>
              <dt>{t('iop.participants')}</dt>
              <dd>
                <ParticipantsList participants={a.participants} />
              </dd>
            </dl>
          </div>
        );
      }}
    </Loadable>
  );
}

export function ParticipantsList({ participants }: { participants: readonly { role: string; name: string; present: boolean; heard?: boolean; agreed: boolean; signed: boolean; signedOn: string | null }[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (participants.length === 0) return <>—</>;
  return (
    <ul className="plain">
      {participants.map((p, i) => (
        <li key={i}>
          {p.name} <span className="muted">({t(`participationRole.${p.role}`)})</span>:{' '}
          {[p.present && t('iop.present'), p.heard && t('iop.heard'), p.agreed && t('iop.agreed'), p.signed && `${t('iop.signed')}${p.signedOn ? ` ${f.date(p.signedOn)}` : ''}`].filter(Boolean).join(', ') || '—'}
        </li>
      ))}
    </ul>
  );
}
