export const FEMALE_FIRST = [
    'Мария', 'Иванка', 'Елена', 'Йорданка', 'Пенка', 'Десислава', 'Гергана', 'Виктория', 'Николета',
    'Петя', 'Радостина', 'Силвия', 'Цветелина', 'Теодора', 'Александра', 'Габриела', 'Симона', 'Кристина',
    'Ива', 'Яна', 'Дарина', 'Стефка', 'Росица', 'Надежда', 'Милена', 'Анелия', 'Емилия', 'Веселина',
    'Ралица', 'Борислава', 'Калина', 'Лора', 'Невена', 'Деница', 'Поля', 'Жанета', 'Светла', 'Християна',
    'Катерина', 'Боряна', 'Зорница', 'Моника', 'Паулина', 'Никол', 'Сияна', 'Елица', 'Рая', 'Ясмина',
];
export const MALE_FIRST = [
    'Георги', 'Иван', 'Димитър', 'Николай', 'Петър', 'Христо', 'Стоян', 'Тодор', 'Йордан', 'Никола',
    'Васил', 'Атанас', 'Александър', 'Калоян', 'Мартин', 'Виктор', 'Даниел', 'Кристиан', 'Борислав', 'Ивайло',
    'Пламен', 'Росен', 'Светослав', 'Емил', 'Стефан', 'Младен', 'Красимир', 'Цветан', 'Валентин', 'Здравко',
    'Илиян', 'Любомир', 'Радослав', 'Теодор', 'Габриел', 'Симеон', 'Божидар', 'Самуил', 'Антон', 'Благой',
    'Веселин', 'Енчо', 'Живко', 'Мирослав', 'Огнян', 'Филип', 'Чавдар', 'Ясен',
];
// Surnames in their male form; the female form is derived (Иванов → Иванова, Вълчански → Вълчанска).
export const SURNAMES = [
    'Иванов', 'Георгиев', 'Димитров', 'Петров', 'Николов', 'Христов', 'Стоянов', 'Тодоров', 'Йорданов',
    'Атанасов', 'Василев', 'Петков', 'Ангелов', 'Илиев', 'Колев', 'Маринов', 'Попов', 'Костов', 'Славов',
    'Стефанов', 'Михайлов', 'Кирилов', 'Добрев', 'Ганчев', 'Енчев', 'Минчев', 'Драганов', 'Пеев', 'Русев',
    'Танев', 'Ценов', 'Чолаков', 'Шишков', 'Щерев', 'Узунов', 'Бонев', 'Вълчев', 'Желязков', 'Златев',
    'Кънчев', 'Лазаров', 'Младенов', 'Недков', 'Пенчев', 'Радев', 'Събев', 'Тончев', 'Хаджиев', 'Янков',
    'Казанлийски', 'Розов', 'Дряновски', 'Шипченски', 'Бахчеванов', 'Гюлев', 'Карагьозов', 'Мутафчиев',
];
export function femaleSurname(male) {
    if (male.endsWith('ски'))
        return male.slice(0, -1) + 'а';
    return male + 'а';
}
/** Middle name from the father's first name: Георги → Георгиев / Георгиева. */
export function patronymic(fatherFirst, sex) {
    let stem;
    if (fatherFirst.endsWith('ър'))
        stem = fatherFirst.slice(0, -2) + 'ров'; // Петър → Петров
    else if (fatherFirst.endsWith('чо'))
        stem = fatherFirst.slice(0, -1) + 'ев'; // Енчо → Енчев
    else if (fatherFirst.endsWith('й'))
        stem = fatherFirst.slice(0, -1) + 'ев';
    else if (fatherFirst.endsWith('и'))
        stem = fatherFirst.slice(0, -1) + 'иев';
    else if (/[ао]$/.test(fatherFirst))
        stem = fatherFirst.slice(0, -1) + 'ов';
    else if (fatherFirst.endsWith('ч') || fatherFirst.endsWith('ж') || fatherFirst.endsWith('щ'))
        stem = fatherFirst + 'ев';
    else
        stem = fatherFirst + 'ов';
    return sex === 'FEMALE' ? stem + 'а' : stem;
}
export function firstName(rng, sex) {
    return sex === 'FEMALE' ? rng.pick(FEMALE_FIRST) : rng.pick(MALE_FIRST);
}
/** A full name for someone in a family whose father is `fatherFirst` and family name `surname`. */
export function personName(rng, sex, surname, fatherFirst) {
    const father = fatherFirst ?? rng.pick(MALE_FIRST);
    return {
        firstName: firstName(rng, sex),
        middleName: patronymic(father, sex),
        lastName: sex === 'FEMALE' ? femaleSurname(surname) : surname,
    };
}
//# sourceMappingURL=names.js.map