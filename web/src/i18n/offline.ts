import i18n from 'i18next';

// The words of work without a signal (issue #17, item 4): a namespace of its own, loaded with the
// offline screens, so the first bundle (which holds the Bulgarian dictionary) does not grow.

const bg = {
  nav: 'На терен',
  title: 'На терен',
  lead: 'Днешната и утрешната ви работа и отворените ви случаи са на това устройство (шифровани) и се четат и без връзка. Записаното без връзка чака тук и се изпраща, щом връзката се върне — всеки запис веднъж.',
  offline: 'Без връзка',
  waiting_one: '{{count}} чака изпращане',
  waiting_other: '{{count}} чакат изпращане',
  savedAt: 'Копие от {{time}}',
  noCopy: 'На устройството още няма копие. Отворете тази страница, докато има връзка.',
  refresh: 'Обнови копието',
  today: 'Днес',
  tomorrow: 'Утре',
  cases: 'Моите отворени случаи',
  noWork: 'Няма планирана работа.',
  noCases: 'Нямате отворени случаи.',
  hold: 'Отбележи като проведена',
  holdNote: 'Бележка от сесията',
  holdSubmit: 'Запиши като проведена',
  addNote: 'Бележка по случая',
  noteBody: 'Бележка',
  noteSubmit: 'Запиши бележката',
  queuedHold: 'Проведена — чака изпращане',
  queue: 'Чакащи записи',
  queueEmpty: 'Нищо не чака изпращане.',
  refused: 'Сървърът не го прие',
  dismiss: 'Скрий',
  kindHold: 'Проведена сесия · {{number}}',
  kindNote: 'Бележка по случая · {{number}}',
  waitingItem: 'чака връзка',
  keeps_one: 'Копието и чакащите записи се пазят {{count}} ден и се изтриват при изход.',
  keeps_other: 'Копието и чакащите записи се пазят {{count}} дни и се изтриват при изход.',
  cancel: 'Отказ',
  centerDays: 'Дни на телефона без връзка',
  centerDaysHint: 'Колко дни телефонът на служителя пази копието за работа без връзка и неизпратените записи, преди да ги изтрие (от 1 до 30; 7 по подразбиране).',
  signOutWaiting: 'На устройството има неизпратени записи ({{count}}). При изход те ще бъдат изтрити. Изход въпреки това?',
};

const en: typeof bg = {
  nav: 'In the field',
  title: 'In the field',
  lead: 'Your work of today and tomorrow and your open cases are on this device (encrypted) and can be read without a connection. What you record offline waits here and is sent as soon as the connection returns — each record once.',
  offline: 'Offline',
  waiting_one: '{{count}} waiting to be sent',
  waiting_other: '{{count}} waiting to be sent',
  savedAt: 'Copy of {{time}}',
  noCopy: 'There is no copy on this device yet. Open this page while you are online.',
  refresh: 'Refresh the copy',
  today: 'Today',
  tomorrow: 'Tomorrow',
  cases: 'My open cases',
  noWork: 'No planned work.',
  noCases: 'You have no open cases.',
  hold: 'Mark as held',
  holdNote: 'Session note',
  holdSubmit: 'Record as held',
  addNote: 'Case note',
  noteBody: 'Note',
  noteSubmit: 'Save the note',
  queuedHold: 'Held — waiting to be sent',
  queue: 'Waiting records',
  queueEmpty: 'Nothing is waiting.',
  refused: 'The server did not accept it',
  dismiss: 'Dismiss',
  kindHold: 'Session held · {{number}}',
  kindNote: 'Case note · {{number}}',
  waitingItem: 'waiting for a connection',
  keeps_one: 'The copy and the waiting records are kept {{count}} day and wiped at sign-out.',
  keeps_other: 'The copy and the waiting records are kept {{count}} days and wiped at sign-out.',
  cancel: 'Cancel',
  centerDays: 'Days on the phone offline',
  centerDaysHint: 'How many days a staff member’s phone keeps the copy for offline work and the records not yet sent before deleting them (1 to 30; 7 by default).',
  signOutWaiting: 'There are records on this device not yet sent ({{count}}). Signing out deletes them. Sign out anyway?',
};

export const OFFLINE_NS = 'offline';
if (!i18n.hasResourceBundle('bg', OFFLINE_NS)) {
  i18n.addResourceBundle('bg', OFFLINE_NS, bg);
  i18n.addResourceBundle('en', OFFLINE_NS, en);
}
