import { z } from 'zod';
import { toSearchName } from '@opora/prisma/search-name';
import { builder } from "../builder.js";
import { definePermissions } from "../permissions/registry.js";
import { isCenterStaff } from "../permissions/rules.js";
import { idOf } from "../support/global-id.js";
import { requireCenter } from "../support/viewer.js";
import { AssessmentRef } from "./assessment.js";
import { CaseRef } from "./case.js";
import { today } from '@opora/common/calendar';
import { CaseStatusEnum } from "./enums.js";
import { SupportPlanRef } from "./support-plan.js";
import { findPage } from "../support/pages.js";
// Caseload views: my cases, my teams' cases, the whole center's, and what is overdue.
// Each is one connection with totalCount; nested child, lead worker and target groups are
// loaded by Prisma in a fixed number of statements whatever the page size.
const NOWHERE = '00000000-0000-0000-0000-000000000000';
/** A named connection with totalCount, shared by every query that lists the type. */
function connectionOf(type, name) {
    return builder.connectionObject({
        type,
        name: `${name}Connection`,
        fields: (t) => ({
            totalCount: t.int({
                extensions: { pothosPrismaTotalCount: true },
                resolve: (conn) => (typeof conn.totalCount === 'function' ? conn.totalCount() : conn.totalCount),
            }),
        }),
    }, { name: `${name}Edge` });
}
const CaseConnection = connectionOf(CaseRef, 'Case');
const AssessmentConnection = connectionOf(AssessmentRef, 'Assessment');
const SupportPlanConnection = connectionOf(SupportPlanRef, 'SupportPlan');
const CASE_ORDER = [{ referralDate: 'desc' }, { id: 'desc' }];
function statusFilter(status) {
    return status?.length ? { status: { in: [...status] } } : {};
}
builder.queryFields((t) => {
    const statusArg = () => t.arg({ type: [CaseStatusEnum], required: false, description: 'One status or several; all when left out.' });
    return {
        myCases: t.prismaConnection({
            type: 'Case',
            cursor: 'id',
            description: 'Cases where the viewer is the lead worker or on the case team.',
            args: { status: statusArg() },
            totalCount: (_c, args, ctx) => ctx.db.case.count({ where: myCases(ctx.viewer?.membership?.id ?? NOWHERE, args.status) }),
            resolve: (query, _root, args, ctx) => {
                const { membershipId } = requireCenter(ctx);
                return findPage((a) => ctx.db.case.findMany(a), query, myCases(membershipId, args.status), CASE_ORDER);
            },
        }, CaseConnection),
        teamCases: t.prismaConnection({
            type: 'Case',
            cursor: 'id',
            description: 'Cases of the teams the viewer belongs to.',
            args: { status: statusArg() },
            totalCount: (_c, args, ctx) => ctx.db.case.count({ where: teamCases(ctx.viewer?.membership?.id ?? NOWHERE, args.status) }),
            resolve: (query, _root, args, ctx) => {
                const { membershipId } = requireCenter(ctx);
                return findPage((a) => ctx.db.case.findMany(a), query, teamCases(membershipId, args.status), CASE_ORDER);
            },
        }, CaseConnection),
        cases: t.prismaConnection({
            type: 'Case',
            cursor: 'id',
            description: 'The center’s cases, newest referral first; search by case number or the child’s name (Cyrillic or Latin).',
            args: {
                status: statusArg(),
                search: t.arg.string({ required: false, validate: z.string().max(100, 'tooLong|max=100').nullish() }),
                leadWorkerId: t.arg.id({ required: false }),
            },
            totalCount: (_c, args, ctx) => ctx.db.case.count({ where: centerCases(args) }),
            resolve: (query, _root, args, ctx) => {
                requireCenter(ctx);
                return findPage((a) => ctx.db.case.findMany(a), query, centerCases(args), CASE_ORDER);
            },
        }, CaseConnection),
        overdueAssessments: t.prismaConnection({
            type: 'Assessment',
            cursor: 'id',
            description: 'Needs assessments of open cases not completed by their due date, the oldest first.',
            totalCount: (_c, _a, ctx) => ctx.db.assessment.count({ where: overdueAssessments() }),
            resolve: (query, _root, _args, ctx) => {
                requireCenter(ctx);
                return findPage((a) => ctx.db.assessment.findMany(a), query, overdueAssessments(), [{ dueOn: 'asc' }, { id: 'asc' }]);
            },
        }, AssessmentConnection),
        overduePlanReviews: t.prismaConnection({
            type: 'SupportPlan',
            cursor: 'id',
            description: 'Active support plans whose next review date has passed with no review held since.',
            totalCount: (_c, _a, ctx) => ctx.db.supportPlan.count({ where: overduePlanReviews() }),
            resolve: (query, _root, _args, ctx) => {
                requireCenter(ctx);
                return findPage((a) => ctx.db.supportPlan.findMany(a), query, overduePlanReviews(), [{ nextReviewOn: 'asc' }, { id: 'asc' }]);
            },
        }, SupportPlanConnection),
    };
});
function myCases(membershipId, status) {
    return { ...statusFilter(status), OR: [{ leadWorkerId: membershipId }, { teamMembers: { some: { membershipId } } }] };
}
function teamCases(membershipId, status) {
    return { ...statusFilter(status), team: { members: { some: { membershipId } } } };
}
function centerCases(args) {
    const words = args.search ? toSearchName(args.search).split(' ').filter(Boolean).slice(0, 5) : [];
    const number = args.search?.trim();
    // Another center's (or a malformed) id matches nothing, like an id that does not exist.
    const leadWorkerId = args.leadWorkerId ? (idOf(args.leadWorkerId, 'Membership') ?? NOWHERE) : undefined;
    return {
        ...statusFilter(args.status),
        ...(leadWorkerId ? { leadWorkerId } : {}),
        ...(number
            ? { OR: [{ number: { contains: number, mode: 'insensitive' } }, ...(words.length ? [{ child: { AND: words.map((w) => ({ searchName: { contains: w } })) } }] : [])] }
            : {}),
    };
}
// Reviews held advance nextReviewOn, so a past nextReviewOn means none was held since it fell due.
const overdueAssessments = () => ({
    completedOn: null,
    supersededAt: null,
    dueOn: { lt: today() },
    case: { status: { not: 'CLOSED' } },
});
const overduePlanReviews = () => ({
    status: 'ACTIVE',
    nextReviewOn: { lt: today() },
    case: { status: { not: 'CLOSED' } },
});
definePermissions({
    Query: {
        myCases: isCenterStaff,
        teamCases: isCenterStaff,
        cases: isCenterStaff,
        overdueAssessments: isCenterStaff,
        overduePlanReviews: isCenterStaff,
    },
});
//# sourceMappingURL=caseload.js.map