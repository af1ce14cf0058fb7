import { graphql } from '../graphql.ts';

/**
 * Who is signed in, as the session needs it: one selection for the Viewer query (session.tsx) and
 * the dashboard's query (pages/dashboard/query.ts), whose answer the session reads the viewer from.
 * Unmasked: both read the fields directly.
 */
export const ViewerFields = graphql(`
  fragment ViewerFields on Viewer @_unmask {
    user { displayName email preferredLanguage }
    activeMembership {
      id role title networkName
      center { id name slug }
      municipality { id name }
      profession { id name }
    }
    memberships {
      id role title networkName
      center { id name }
      municipality { id name }
    }
  }
`);
