import nodemailer from 'nodemailer';
import type { PrismaClient } from '@opora/prisma/client';
import { isoDay } from '@opora/common/calendar';
import { ENUM_LABELS, NOTIFICATION_WORDS } from '@opora/common/vocabulary';
import { runReminders, sendQueuedMail, type OutgoingMail } from '@opora/schema';
import type { Logger } from './logger.ts';

// Reminders and their e-mail (docs/conventions.md, "Notifications and mail"): every
// OPORA_REMINDER_EVERY_S the job creates the due notifications (schema/src/reminders/job.ts) and,
// when OPORA_SMTP_URL is set, sends the outbox with nodemailer (the well-kept Node mail library).
// Several processes may run both at once: notifications are unique per occasion and the outbox
// is claimed with FOR UPDATE SKIP LOCKED, so each is created and mailed once.

export type Mailer = { send: (mail: OutgoingMail) => Promise<void>; close: () => void };

/** The text of a notification's mail: Bulgarian first, then English; a case number and a link, never a name. */
export function mailText(mail: OutgoingMail, publicUrl: string): { subject: string; text: string } {
  const link = new URL(mail.path, publicUrl).toString();
  const kind = ENUM_LABELS.NotificationKind[mail.kind];
  const overdue = mail.occasion.endsWith(':OVERDUE');
  const lines = (lang: 'bg' | 'en') => [
    kind[lang],
    ...(mail.caseNumber ? [`${NOTIFICATION_WORDS.caseNumber[lang]}: ${mail.caseNumber}`] : []),
    ...(mail.dueOn ? [`${(overdue ? NOTIFICATION_WORDS.overdue : NOTIFICATION_WORDS.soon)[lang]}: ${isoDay(mail.dueOn)}`] : []),
    `${NOTIFICATION_WORDS.open[lang]}: ${link}`,
    '',
    NOTIFICATION_WORDS.mailFooter[lang],
  ];
  return {
    subject: `${NOTIFICATION_WORDS.mailSubject.bg} / ${NOTIFICATION_WORDS.mailSubject.en}`,
    text: [...lines('bg'), '', '—', '', ...lines('en')].join('\n'),
  };
}

/** A mailer over SMTP (`smtp://…` or `smtps://…`). */
export function smtpMailer(options: { url: string; from: string; publicUrl: string }): Mailer {
  const transport = nodemailer.createTransport(options.url);
  return {
    send: async (mail) => {
      const { subject, text } = mailText(mail, options.publicUrl);
      await transport.sendMail({ from: options.from, to: mail.toAddress, subject, text });
    },
    close: () => transport.close(),
  };
}

/** One run: the due notifications, then the waiting mail (with a mailer). */
export async function reminderRound(prisma: PrismaClient, mailer: Mailer | null): Promise<{ created: number; sent: number; failed: number }> {
  const { created } = await runReminders(prisma, { mail: !!mailer });
  const { sent, failed } = mailer ? await sendQueuedMail(prisma, mailer.send) : { sent: 0, failed: 0 };
  return { created, sent, failed };
}

/** Runs `reminderRound` every `everyS` seconds (never two at once in this process); answers a stop. */
export function scheduleReminders(prisma: PrismaClient, logger: Logger, options: { everyS: number; mailer: Mailer | null }): () => void {
  if (!options.everyS) return () => options.mailer?.close();
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    reminderRound(prisma, options.mailer)
      .then((r) => {
        if (r.created || r.sent || r.failed) logger.info(r, 'reminders');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'reminder job failed'))
      .finally(() => (running = false));
  }, options.everyS * 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    options.mailer?.close();
  };
}
