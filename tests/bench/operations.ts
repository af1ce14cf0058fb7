// The screens the benchmark drives, as the web client would ask for them, and the
// hand-written SQL they are held against.

export const OPEN_STATUSES = ['REFERRED', 'ASSESSMENT', 'SUPPORT_PLAN', 'ACTIVE'] as const;

/** The manager's caseload: open cases, newest referral first, with child, lead worker and target groups. */
export const CASELOAD = /* GraphQL */ `
  query Caseload($first: Int!, $status: [CaseStatus!]) {
    cases(first: $first, status: $status) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          number
          status
          referralDate
          child { id firstName lastName }
          leadWorker { id user { displayName } }
          targetGroups { code nameBg }
        }
      }
    }
  }
`;

/** One case with its people, lifecycle and latest sessions. */
export const CASE_PAGE = /* GraphQL */ `
  query CasePage($id: ID!) {
    node(id: $id) {
      ... on Case {
        id
        number
        status
        intakeRoute legalReferrer concernRaisedBy
        referralDate
        referralReason
        firstSessionOn
        closedOn
        person { id firstName middleName lastName birthDate }
        household { id name }
        leadWorker { id user { displayName } }
        targetGroups { code nameBg }
        teamMembers { addedOn membership { id user { displayName } } }
        participants { role client { id firstName lastName } }
        statusHistory { fromStatus toStatus changedAt }
        assessments { id dueOn startedOn completedOn }
        supportPlans { id status startsOn nextReviewOn }
        sessions(first: 20) {
          totalCount
          edges { node { id startsAt durationMinutes kind mode service { id nameBg } } }
        }
      }
    }
  }
`;

/** The center's session list, newest first, with who delivered each and to whom. */
export const SESSION_LIST = /* GraphQL */ `
  query SessionList($first: Int!) {
    sessions(first: $first) {
      totalCount
      edges {
        node {
          id
          startsAt
          durationMinutes
          kind
          mode
          format
          service { id nameBg }
          case { id number }
          staff { id user { displayName } }
          clients { id firstName lastName }
        }
      }
    }
  }
`;

/** The network's side-by-side comparison of all its centers over one year. */
export const NETWORK_COMPARISON = /* GraphQL */ `
  query NetworkComparison($period: MonthRange!, $indicators: [IndicatorCode!]!) {
    networkComparison(indicators: $indicators, period: $period) {
      period { from to months }
      refreshedAt
      suppressionThreshold
      centers { id code name municipality { code name } }
      tables {
        indicator { code name unit }
        cells { labels { code name } value { value suppressed display } }
        total { value suppressed display }
        months { month total { value suppressed display } }
      }
    }
  }
`;

export const NETWORK_INDICATORS = ['SESSIONS', 'SESSION_HOURS', 'CLIENTS_SERVED', 'NEW_CASES', 'ACTIVE_CASES', 'STAFF_FTE'] as const;

/** The municipal dashboard of the viewer's municipality over one year (its default indicators). */
export const MUNICIPAL_DASHBOARD = /* GraphQL */ `
  query MunicipalDashboard($period: MonthRange!) {
    municipalDashboard(period: $period) {
      period { from to months }
      municipality { code name }
      refreshedAt
      residents {
        indicator { code name unit }
        cells { labels { code name } value { value suppressed display } }
        total { value suppressed display }
        months { month total { value suppressed display } }
      }
      centersOnTerritory { code name }
      territory {
        indicator { code name unit }
        cells { labels { code name } value { value suppressed display } }
        total { value suppressed display }
      }
    }
  }
`;

/** The baseline of "GraphQL's price": the caseload's rows in one query over pg. */
export const CASELOAD_SQL = `
  SELECT c.id, c.number, c.status, c."referralDate",
         ch.id AS "childId", ch."firstName", ch."lastName",
         m.id AS "leadWorkerId", u."displayName" AS "leadWorkerName",
         (SELECT coalesce(json_agg(json_build_object('code', tg.code, 'nameBg', tg."nameBg") ORDER BY tg."nameBg"), '[]')
            FROM "CaseTargetGroup" ctg JOIN "TargetGroup" tg ON tg.id = ctg."targetGroupId"
           WHERE ctg."centerId" = c."centerId" AND ctg."caseId" = c.id) AS "targetGroups",
         count(*) OVER () AS "totalCount"
    FROM "Case" c
    JOIN "Client" ch ON ch."centerId" = c."centerId" AND ch.id = c."childId"
    LEFT JOIN "Membership" m ON m."centerId" = c."centerId" AND m.id = c."leadWorkerId"
    LEFT JOIN "User" u ON u.id = m."userId"
   WHERE c."centerId" = $1 AND c.status = ANY($2::"CaseStatus"[])
   ORDER BY c."referralDate" DESC, c.id DESC
   LIMIT $3`;

/**
 * The baseline of the aggregates: what a comparison costs without rollups — every session of
 * the year, grouped by center and kind of service, straight from the sessions table.
 */
export const RAW_GROUPED_COUNT_SQL = `
  SELECT s."centerId", cs."serviceKindId", count(*)::int AS sessions, sum(s."durationMinutes")::int AS minutes
    FROM "Session" s
    JOIN "CenterService" cs ON cs."centerId" = s."centerId" AND cs.id = s."serviceId"
   WHERE s."startsAt" >= $1 AND s."startsAt" < $2
   GROUP BY 1, 2`;

/** Every suppressible figure a screen publishes, with whether and why it is hidden (the published share). */
const SHARE_TABLE = /* GraphQL */ `
  fragment ShareTable on IndicatorTable {
    indicator { code }
    cells { value { suppressed suppressionReason } }
    margins { value { suppressed suppressionReason } }
    total { suppressed suppressionReason }
    months { total { suppressed suppressionReason } cells { value { suppressed suppressionReason } } }
  }
`;
export const SHARE_INDICATORS = ['SESSIONS', 'NEW_CASES', 'CLOSED_CASES', 'ACTIVE_CASES', 'OPEN_ACCESS_CONTACTS', 'OPEN_ACCESS_PEOPLE', 'GROUP_MEETINGS', 'GROUP_ATTENDANCES', 'CLIENTS_SERVED'] as const;
export const NETWORK_SHARE = /* GraphQL */ `
  query NetworkShare($period: MonthRange!, $indicators: [IndicatorCode!]!, $breakdown: AggregateDimension) {
    networkComparison(indicators: $indicators, period: $period, breakdown: $breakdown) { tables { ...ShareTable } }
  }
  ${SHARE_TABLE}
`;
export const MUNICIPAL_SHARE = /* GraphQL */ `
  query MunicipalShare($period: MonthRange!, $indicators: [IndicatorCode!], $breakdown: AggregateDimension) {
    municipalDashboard(period: $period, indicators: $indicators, breakdown: $breakdown) { residents { ...ShareTable } territory { ...ShareTable } }
  }
  ${SHARE_TABLE}
`;

// ───────── The peer (PostGraphile 5, peer.ts): the same two screens in its generated schema ─────────
// Row-level security scopes both to the signed-in staff member's center, as in Opora.

/** The caseload: open cases, newest referral first, with child, lead worker and target groups. */
export const PEER_CASELOAD = /* GraphQL */ `
  query PeerCaseload($first: Int!, $status: [CaseStatus!]) {
    allCases(first: $first, condition: { statusIn: $status }, orderBy: [REFERRAL_DATE_DESC, ROW_ID_DESC]) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          rowId
          number
          status
          referralDate
          child: clientByCenterIdAndChildId { rowId firstName lastName }
          leadWorker: membershipByCenterIdAndLeadWorkerId { rowId user: userByUserId { displayName } }
          targetGroups: caseTargetGroupsByCenterIdAndCaseId { nodes { targetGroup: targetGroupByTargetGroupId { code nameBg } } }
        }
      }
    }
  }
`;

/** The case page: one case with its people, lifecycle and latest held sessions. */
export const PEER_CASE_PAGE = /* GraphQL */ `
  query PeerCasePage($id: UUID!) {
    caseByRowId(rowId: $id) {
      rowId
      number
      status
      intakeRoute legalReferrer concernRaisedBy
      referralDate
      referralReason
      firstSessionOn
      closedOn
      person: clientByCenterIdAndChildId { rowId firstName middleName lastName birthDate }
      household: householdByCenterIdAndHouseholdId { rowId name }
      leadWorker: membershipByCenterIdAndLeadWorkerId { rowId user: userByUserId { displayName } }
      targetGroups: caseTargetGroupsByCenterIdAndCaseId { nodes { targetGroup: targetGroupByTargetGroupId { code nameBg } } }
      teamMembers: caseTeamMembersByCenterIdAndCaseId { nodes { addedOn membership: membershipByCenterIdAndMembershipId { rowId user: userByUserId { displayName } } } }
      participants: caseParticipantsByCenterIdAndCaseId { nodes { role client: clientByCenterIdAndClientId { rowId firstName lastName } } }
      statusHistory: caseStatusChangesByCenterIdAndCaseId(orderBy: [CHANGED_AT_ASC, ROW_ID_ASC]) { nodes { fromStatus toStatus changedAt } }
      assessments: assessmentsByCenterIdAndCaseId { nodes { rowId dueOn startedOn completedOn } }
      supportPlans: supportPlansByCenterIdAndCaseId { nodes { rowId status startsOn nextReviewOn } }
      sessions: sessionsByCenterIdAndCaseId(first: 20, condition: { status: HELD }, orderBy: [STARTS_AT_DESC, ROW_ID_DESC]) {
        totalCount
        edges { node { rowId startsAt durationMinutes kind mode service: centerServiceByCenterIdAndServiceId { rowId nameBg } } }
      }
    }
  }
`;

// What "the same rows" means: ids, order and counts, in a form both answers reduce to. Opora's
// ids are global ids (base64url "Type:uuid"); lists whose order neither screen defines are sorted.
const uuidOf = (id: string | null | undefined): string | null => {
  if (!id) return null;
  if (/^[0-9a-f-]{36}$/i.test(id)) return id;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  return text.slice(text.indexOf(':') + 1);
};
const day = (d: string | null | undefined) => (d ? String(d).slice(0, 10) : null);
const sorted = (xs: (string | null)[]) => [...xs].sort();

export function caseloadRows(data: any, peer: boolean): unknown {
  const c = peer ? data.allCases : data.cases;
  return {
    totalCount: c.totalCount,
    hasNextPage: c.pageInfo.hasNextPage,
    rows: c.edges.map(({ node: n }: any) => ({
      id: uuidOf(peer ? n.rowId : n.id),
      number: n.number,
      status: n.status,
      referralDate: day(n.referralDate),
      child: uuidOf(peer ? n.child?.rowId : n.child?.id),
      leadWorker: uuidOf(peer ? n.leadWorker?.rowId : n.leadWorker?.id),
      targetGroups: sorted((peer ? n.targetGroups.nodes.map((g: any) => g.targetGroup) : n.targetGroups).map((g: any) => g.code)),
    })),
  };
}

export function casePageRows(data: any, peer: boolean): unknown {
  const c = peer ? data.caseByRowId : data.node;
  if (!c) return null;
  const list = (x: any) => (peer ? x.nodes : x);
  const id = (x: any) => uuidOf(peer ? x?.rowId : x?.id);
  return {
    id: id(c),
    number: c.number,
    status: c.status,
    person: id(c.person),
    household: id(c.household),
    leadWorker: id(c.leadWorker),
    targetGroups: sorted(list(c.targetGroups).map((g: any) => (peer ? g.targetGroup : g).code)),
    teamMembers: sorted(list(c.teamMembers).map((m: any) => id(m.membership))),
    participants: sorted(list(c.participants).map((p: any) => `${id(p.client)} ${p.role}`)),
    statusHistory: list(c.statusHistory).map((s: any) => `${s.fromStatus ?? ''}→${s.toStatus}`),
    assessments: sorted(list(c.assessments).map(id)),
    supportPlans: sorted(list(c.supportPlans).map(id)),
    sessionCount: c.sessions.totalCount,
    sessions: c.sessions.edges.map((e: any) => id(e.node)),
  };
}
