import { graphql } from '../graphql.ts';

/**
 * A case in a list (the cases screen, "my cases", the dashboard): one selection shared by
 * every query that lists cases, read back with `readFragment`.
 */
export const CaseRowFields = graphql(`
  fragment CaseRowFields on Case {
    id number status statusLabel referralDate intakeRoute legalReferrer
    person { id fullName }
    leadWorker { id user { displayName } }
  }
`);
