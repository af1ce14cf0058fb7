import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { addDays, isoDay, now, today, useClock } from '@opora/common/calendar';
import { reminderRound, smtpMailer, type Mailer } from '@opora/server/reminders.ts';
import { DEMO, TestApi } from '../support/api.ts';

// Issue #17, item 2: reminders. A real SMTP server (smtp-server) receives the mail the reminder
// job sends through nodemailer; the clock (useClock) is moved to 3 days before an assessment's
// due date. Each notification and mail is created once, even with two runs at once; each person
// sees and clears only their own; the mail names a case number and a link, never a person.

const PUBLIC_URL = 'https://opora.example.bg';
let api: TestApi;
let manager: string;
let worker: string;
let kazanlakManager: string;
let workerMembership: string;
let smtp: SMTPServer;
let mailer: Mailer;
const received: { to: string; subject: string; text: string }[] = [];

const day = (offset = 0) => isoDay(addDays(today(), offset));
const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

const MINE = `{ unreadNotificationCount myNotifications { id kind caseNumber dueOn overdue path readAt } }`;
const CLEAR = `mutation($id: ID!) { clearNotification(id: $id) }`;

async function openAssessedCase(dueInDays: number) {
  const { targetGroups } = await api.ok(`{ targetGroups { id } }`, {}, manager);
  const opened = (
    await api.ok(
      `mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id number version person { id } } } }`,
      {
        input: {
          newChild: { kind: 'CHILD', firstName: 'Напомнена', lastName: 'Срокова', birthDate: '2018-03-04', sex: 'FEMALE' },
          referral: { route: 'REFERRAL', legalReferrer: 'CHILD_PROTECTION_DEPARTMENT', date: day(-2), documentNumber: 'ОЗД-НАП-1', documentDate: day(-2) },
          targetGroupIds: [targetGroups[0].id],
          leadWorkerId: workerMembership,
        },
      },
      manager,
    )
  ).openCase.case;
  await api.ok(
    `mutation($id: ID!, $v: Int!, $due: Date) { changeCaseStatus(id: $id, version: $v, to: ASSESSMENT, assessmentDueOn: $due) { id } }`,
    { id: opened.id, v: opened.version, due: day(dueInDays) },
    manager,
  );
  return opened as { id: string; number: string; person: { id: string } };
}

/** Polls (generous ceiling, no fixed wait) until the SMTP server has received `n` messages. */
async function receivedAtLeast(n: number) {
  for (let i = 0; i < 600 && received.length < n; i++) await new Promise((r) => setTimeout(r, 50));
  return received.length;
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject: mail.subject ?? '', text: mail.text ?? '' });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  mailer = smtpMailer({ url: `smtp://127.0.0.1:${port}`, from: 'Opora <no-reply@opora.example.bg>', publicUrl: PUBLIC_URL });

  api = await TestApi.start();
  manager = await api.login(DEMO.plovdivManager);
  worker = await api.login(DEMO.plovdivWorker);
  kazanlakManager = await api.login(DEMO.kazanlakManager);
  const { center } = await api.ok(`{ center { staff(first: 100) { edges { node { id user { email } } } } } }`, {}, manager);
  workerMembership = center.staff.edges.find((e: any) => e.node.user.email === DEMO.plovdivWorker).node.id;
}, 240_000);

afterAll(async () => {
  mailer?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await api?.stop();
});

describe('reminders', () => {
  test('3 days before an assessment falls due: one notification and one mail with the case number and link, never a name; two runs at once change nothing', async () => {
    const c = await openAssessedCase(10);
    const assessment = await api.db.prisma.assessment.findFirstOrThrow({ where: { caseId: rawId(c.id) }, select: { id: true, dueOn: true } });
    const dueIso = isoDay(assessment.dueOn);
    expect(dueIso).toBe(day(10));
    const dueNotifications = () => api.db.prisma.notification.findMany({ where: { kind: 'ASSESSMENT_DUE', subjectId: assessment.id } });

    // Today it is 10 days away: no reminder yet.
    await reminderRound(api.db.prisma, mailer);
    expect(await dueNotifications()).toHaveLength(0);

    // 3 days before the due date: two runs at once.
    const restore = useClock(() => new Date(addDays(assessment.dueOn, -3).getTime() + 10 * 3_600_000));
    try {
      const sentBefore = await api.db.prisma.mailOutbox.count({ where: { sentAt: { not: null } } });
      await Promise.all([reminderRound(api.db.prisma, mailer), reminderRound(api.db.prisma, mailer)]);
      await reminderRound(api.db.prisma, mailer);
      const rows = await dueNotifications();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ caseNumber: c.number, occasion: `${dueIso}:SOON` });
      const sent = await api.db.prisma.mailOutbox.count({ where: { sentAt: { not: null } } });
      expect(await receivedAtLeast(sent)).toBe(sent);

      // Exactly one mail about this case's assessment, to the worker, with the number and the link.
      const about = received.filter((m) => m.text.includes(c.number) && m.text.includes('#assessment'));
      expect(about).toHaveLength(1);
      const mail = about[0]!;
      expect(mail.to).toBe(DEMO.plovdivWorker);
      expect(mail.text).toContain(`${PUBLIC_URL}/cases/${encodeURIComponent(c.id)}#assessment`);
      expect(mail.text.indexOf('Случай')).toBeLessThan(mail.text.indexOf('Case:'));
      expect(mail.text).toContain(dueIso);
      // No person named: the case's person (from the database), and no client of the center at all.
      const person = await api.db.prisma.client.findUniqueOrThrow({ where: { id: rawId(c.person.id) }, select: { firstName: true, lastName: true } });
      for (const m of received) {
        expect(m.text).not.toContain(person.firstName);
        expect(m.text).not.toContain(person.lastName);
        expect(m.subject).not.toContain(person.firstName);
      }
      // Every mail once: as many received as marked sent, no two alike.
      expect(new Set(received.map((m) => `${m.to}\n${m.text}`)).size).toBe(received.length);
      expect(sent).toBeGreaterThan(sentBefore);

      // The same day again: nothing new.
      const again = await reminderRound(api.db.prisma, mailer);
      expect(again).toMatchObject({ created: 0, sent: 0 });
    } finally {
      restore();
    }

    // Past the due date: the overdue reminder, once.
    const restoreLate = useClock(() => new Date(addDays(assessment.dueOn, 1).getTime() + 10 * 3_600_000));
    try {
      await Promise.all([reminderRound(api.db.prisma, null), reminderRound(api.db.prisma, null)]);
      expect((await dueNotifications()).map((n) => n.occasion).sort()).toEqual([`${dueIso}:OVERDUE`, `${dueIso}:SOON`]);
    } finally {
      restoreLate();
    }
  }, 240_000);

  test('a case assigned is told in the same transaction; each person sees and clears only their own; another center sees nothing', async () => {
    const c = await openAssessedCase(30);
    const mine = await api.ok(MINE, {}, worker);
    const assigned = mine.myNotifications.find((n: any) => n.kind === 'CASE_ASSIGNED' && n.caseNumber === c.number);
    expect(assigned).toMatchObject({ path: `/cases/${encodeURIComponent(c.id)}`, readAt: null });
    expect(mine.unreadNotificationCount).toBeGreaterThan(0);

    // The manager who assigned it, and another center's manager, see none of the worker's.
    for (const other of [manager, kazanlakManager]) {
      const theirs = await api.ok(MINE, {}, other);
      expect(theirs.myNotifications.map((n: any) => n.id)).not.toContain(assigned.id);
      expect(theirs.myNotifications.filter((n: any) => n.caseNumber === c.number)).toEqual([]);
      const refused = await api.gql(CLEAR, { id: assigned.id }, other);
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const node = await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: assigned.id }, other);
      expect(node.data?.node ?? null).toBeNull();
    }
    expect((await api.db.prisma.notification.findUniqueOrThrow({ where: { id: rawId(assigned.id) } })).clearedAt).toBeNull();

    // The worker clears it: the count goes down by one and it leaves the list.
    expect((await api.ok(CLEAR, { id: assigned.id }, worker)).clearNotification).toBe(true);
    const after = await api.ok(MINE, {}, worker);
    expect(after.unreadNotificationCount).toBe(mine.unreadNotificationCount - 1);
    expect(after.myNotifications.map((n: any) => n.id)).not.toContain(assigned.id);

    // An assignment refused (stale version) tells nobody: the notification is in its transaction.
    const before = await api.db.prisma.notification.count({ where: { subjectId: rawId(c.id) } });
    const stale = await api.gql(`mutation($id: ID!, $lead: ID!) { assignCase(id: $id, version: 1, leadWorkerId: $lead) { id } }`, { id: c.id, lead: workerMembership }, manager);
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await api.db.prisma.notification.count({ where: { subjectId: rawId(c.id) } })).toBe(before);
  }, 240_000);

  test('an invitation to an existing account is that person’s notification, wherever they work', async () => {
    await api.ok(
      `mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { code } }`,
      { input: { email: DEMO.plovdivWorker, displayName: 'Поканен Колега', role: 'SPECIALIST' } },
      kazanlakManager,
    );
    const mine = await api.ok(MINE, {}, worker);
    expect(mine.myNotifications.find((n: any) => n.kind === 'INVITATION')).toMatchObject({ path: '/account', caseNumber: null });
    const theirs = await api.ok(MINE, {}, kazanlakManager);
    expect(theirs.myNotifications.filter((n: any) => n.kind === 'INVITATION')).toEqual([]);
    expect((await api.ok(`mutation { clearNotifications }`, {}, worker)).clearNotifications).toBeGreaterThan(0);
    expect((await api.ok(MINE, {}, worker)).unreadNotificationCount).toBe(0);
  }, 240_000);
});
