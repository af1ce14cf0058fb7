import { graphql, type ResultOf } from '../../graphql.ts';

// The case page's queries: the case itself, and its sessions (their own query, for the cost limit).
export const CaseQuery = graphql(`
  query CaseDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on Case {
        id number status statusLabel actions deliveryHalted version
        referralDate intakeRoute requestDate requestNumber legalReferrer referralDocumentNumber referralDocumentDate concernRaisedBy
        referralReason firstSessionOn
        dueDates { assessmentDueOn assessmentOverdue planDueOn planOverdue nextReviewOn reviewOverdue }
        participants { role client { id fullName kind } }
        closedOn closureOutcome closureNote
        person { id fullName kind birthDate birthYear settlement { id name } }
        household { id name }
        leadWorker { id title user { displayName } }
        team { id name }
        teamMembers { membership { id user { displayName } } }
        referringOrganization { id name }
        targetGroups { id name }
        timeline { date kind label note status }
        assessments { id dueOn startedOn completedOn overdue superseded summary }
        supportPlans {
          id status startsOn endsOn nextReviewOn reviewOverdue version revisionNumber effectiveOn supersededOn
          goals { id description status targetOn }
          reviews { id dueOn heldOn decision summary }
        }
        contractHidden
        contracts {
          id number status version contractDate startsOn endsOn termMonths free feeAmount feeNote signedOn expired endedOn endGround endNote
          representative { id fullName }
          providerSignatory { id user { displayName } }
          services { id name }
          extensions { extendedOn previousEndsOn newEndsOn ground }
        }
      }
    }
  }
`);

// Sessions come in their own query: together with the case they would pass the cost limit.
export const CaseSessionsQuery = graphql(`
  query CaseSessions($caseId: ID!, $first: Int!, $after: String) {
    sessions(caseId: $caseId, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id startsAt durationMinutes kind mode service { id name } staff { id user { displayName } } settlement { id name } } }
    }
  }
`);

export type CaseData = Extract<NonNullable<ResultOf<typeof CaseQuery>['node']>, { __typename: 'Case' }>;
export type CaseAction = CaseData['actions'][number];
