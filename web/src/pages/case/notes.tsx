import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql.ts';
import { fieldErrors, FormActions, FormError, TextArea } from '../../components/form.tsx';
import { ListLoadable, LoadMore } from '../../components/states.tsx';
import { useFormat } from '../../lib/format.ts';
import { usePagedQuery } from '../../lib/paging.ts';

// Notes in their own query: the case page's query is already the costliest one.
const NotesQuery = graphql(`
  query CaseNotes($id: ID!, $first: Int!, $after: String) {
    node(id: $id) {
      __typename
      ... on Case {
        id
        notes(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id body confidentiality createdAt author { id user { displayName } } } }
        }
      }
    }
  }
`);

const AddNote = graphql(`
  mutation AddCaseNote($caseId: ID!, $body: String!, $confidentiality: Confidentiality) {
    addCaseNote(caseId: $caseId, body: $body, confidentiality: $confidentiality) { id body confidentiality createdAt author { id user { displayName } } }
  }
`);

/** The case's notes, newest first, and (for the case team) a box to add one. */
export function CaseNotes({ caseId, canAdd }: { caseId: string; canAdd: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const paged = usePagedQuery({
    query: NotesQuery,
    variables: { id: caseId },
    pageSize: 10,
    connection: (d) => (d.node?.__typename === 'Case' ? d.node.notes : null),
  });
  const notes = paged.data;
  return (
    <section className="card" aria-labelledby="notes-h">
      <h2 id="notes-h">{t('notes.title')}</h2>
      {canAdd && <NoteForm caseId={caseId} />}
      {/* A restricted note's body comes back null with a FORBIDDEN error: the list still shows. */}
      <ListLoadable data={notes} error={paged.error} onRetry={paged.refetch} empty={t('notes.empty')}>
        {(notes) => (
          <>
            <ul className="notes" data-testid="case-notes">
              {notes.edges.map(({ node: n }) => (
                <li key={n.id}>
                  <div className="note-head">
                    <strong>{n.author.user.displayName}</strong>
                    <span className="muted small">{f.dateTime(n.createdAt)}</span>
                    {n.confidentiality === 'RESTRICTED' && <span className="badge badge-warn">{t('notes.restricted')}</span>}
                  </div>
                  {n.body === null ? <p className="muted">{t('notes.hidden')}</p> : <p className="prewrap">{n.body}</p>}
                </li>
              ))}
            </ul>
            <LoadMore paged={paged} />
          </>
        )}
      </ListLoadable>
    </section>
  );
}

function NoteForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [restricted, setRestricted] = useState(false);
  const [result, add] = useMutation(AddNote);
  const [missing, setMissing] = useState(false);
  const errors = fieldErrors(result.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!body.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const r = await add({ caseId, body: body.trim(), confidentiality: restricted ? 'RESTRICTED' : 'TEAM' });
    if (r.data) {
      setBody('');
      setRestricted(false);
    }
  }
  return (
    <form className="form note-form" onSubmit={submit} noValidate>
      <FormError error={result.error} fields={['body']} />
      <TextArea label={t('notes.new')} rows={3} value={body} error={missing ? t('validation.required') : errors.body} onChange={(e) => setBody(e.target.value)} />
      <label className="checkbox">
        <input type="checkbox" checked={restricted} onChange={(e) => setRestricted(e.target.checked)} />
        {t('notes.makeRestricted')}
      </label>
      <FormActions saving={result.fetching} label={t('notes.add')} />
    </form>
  );
}
