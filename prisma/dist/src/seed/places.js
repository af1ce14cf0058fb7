// Municipalities and settlements the two centers serve: real names, official codes.
//
// Municipality codes are the NSI (ЕКАТТЕ) codes of the form <region><nn> ("SZR12"
// Kazanlak, "PDV22" Plovdiv). Settlement codes are EKATTE codes: four digits and a check
// digit (weights 1-2-3-4 mod 11, then 3-4-5-6 when the first remainder is 10); every code
// here passes that check (see ekatteCheckDigit and the seed test).
//
// Codes marked `unverified` were recalled rather than read from the NSI register and their
// check digit was recomputed; verify them against the register before relying on them.
import { toSearchName } from "../search-name.js";
export const REGIONS = {
    PDV: { nameBg: 'Пловдив', nameEn: 'Plovdiv' },
    SZR: { nameBg: 'Стара Загора', nameEn: 'Stara Zagora' },
};
// All 18 municipalities of Plovdiv region and all 11 of Stara Zagora region.
export const MUNICIPALITIES = [
    { code: 'PDV01', nameBg: 'Асеновград', regionCode: 'PDV' },
    { code: 'PDV03', nameBg: 'Брезово', regionCode: 'PDV' },
    { code: 'PDV07', nameBg: 'Калояново', regionCode: 'PDV' },
    { code: 'PDV10', nameBg: 'Карлово', regionCode: 'PDV' },
    { code: 'PDV11', nameBg: 'Кричим', regionCode: 'PDV' },
    { code: 'PDV12', nameBg: 'Лъки', regionCode: 'PDV' },
    { code: 'PDV13', nameBg: 'Марица', regionCode: 'PDV' },
    { code: 'PDV14', nameBg: 'Перущица', regionCode: 'PDV' },
    { code: 'PDV17', nameBg: 'Първомай', regionCode: 'PDV', unverified: true },
    { code: 'PDV21', nameBg: 'Раковски', regionCode: 'PDV', unverified: true },
    { code: 'PDV22', nameBg: 'Пловдив', regionCode: 'PDV' },
    { code: 'PDV25', nameBg: 'Садово', regionCode: 'PDV', unverified: true },
    { code: 'PDV26', nameBg: 'Родопи', regionCode: 'PDV', unverified: true },
    { code: 'PDV27', nameBg: 'Съединение', regionCode: 'PDV', unverified: true },
    { code: 'PDV37', nameBg: 'Хисаря', regionCode: 'PDV', unverified: true },
    { code: 'PDV39', nameBg: 'Куклен', regionCode: 'PDV', unverified: true },
    { code: 'PDV40', nameBg: 'Сопот', regionCode: 'PDV', unverified: true },
    { code: 'PDV42', nameBg: 'Стамболийски', regionCode: 'PDV', unverified: true },
    { code: 'SZR03', nameBg: 'Братя Даскалови', regionCode: 'SZR' },
    { code: 'SZR09', nameBg: 'Гълъбово', regionCode: 'SZR', unverified: true },
    { code: 'SZR10', nameBg: 'Гурково', regionCode: 'SZR', unverified: true },
    { code: 'SZR12', nameBg: 'Казанлък', regionCode: 'SZR' },
    { code: 'SZR15', nameBg: 'Мъглиж', regionCode: 'SZR', unverified: true },
    { code: 'SZR17', nameBg: 'Николаево', regionCode: 'SZR', unverified: true },
    { code: 'SZR18', nameBg: 'Опан', regionCode: 'SZR', unverified: true },
    { code: 'SZR22', nameBg: 'Павел баня', regionCode: 'SZR' },
    { code: 'SZR27', nameBg: 'Раднево', regionCode: 'SZR', unverified: true },
    { code: 'SZR31', nameBg: 'Стара Загора', regionCode: 'SZR' },
    { code: 'SZR36', nameBg: 'Чирпан', regionCode: 'SZR' },
];
export const SETTLEMENTS = [
    // Kazanlak municipality: the town, the two small towns and the villages the mobile team visits.
    { ekatte: '35167', nameBg: 'Казанлък', kind: 'CITY', municipalityCode: 'SZR12' },
    { ekatte: '83199', nameBg: 'Шипка', kind: 'CITY', municipalityCode: 'SZR12' },
    { ekatte: '39921', nameBg: 'Крън', kind: 'CITY', municipalityCode: 'SZR12' },
    { ekatte: '07116', nameBg: 'Бузовград', kind: 'VILLAGE', municipalityCode: 'SZR12' },
    { ekatte: '11048', nameBg: 'Виден', kind: 'VILLAGE', municipalityCode: 'SZR12' },
    { ekatte: '15802', nameBg: 'Голямо Дряново', kind: 'VILLAGE', municipalityCode: 'SZR12', unverified: true },
    { ekatte: '16657', nameBg: 'Горно Изворово', kind: 'VILLAGE', municipalityCode: 'SZR12' },
    { ekatte: '16777', nameBg: 'Горно Черковище', kind: 'VILLAGE', municipalityCode: 'SZR12' },
    { ekatte: '22232', nameBg: 'Долно Изворово', kind: 'VILLAGE', municipalityCode: 'SZR12', unverified: true },
    { ekatte: '24044', nameBg: 'Дунавци', kind: 'VILLAGE', municipalityCode: 'SZR12' },
    { ekatte: '27245', nameBg: 'Енина', kind: 'VILLAGE', municipalityCode: 'SZR12', unverified: true },
    { ekatte: '30692', nameBg: 'Зимница', kind: 'VILLAGE', municipalityCode: 'SZR12' },
    { ekatte: '38707', nameBg: 'Копринка', kind: 'VILLAGE', municipalityCode: 'SZR12' },
    { ekatte: '40974', nameBg: 'Кънчево', kind: 'VILLAGE', municipalityCode: 'SZR12', unverified: true },
    { ekatte: '53120', nameBg: 'Овощник', kind: 'VILLAGE', municipalityCode: 'SZR12' },
    { ekatte: '63135', nameBg: 'Розово', kind: 'VILLAGE', municipalityCode: 'SZR12' },
    { ekatte: '68494', nameBg: 'Средногорово', kind: 'VILLAGE', municipalityCode: 'SZR12', unverified: true },
    { ekatte: '77164', nameBg: 'Хаджидимитрово', kind: 'VILLAGE', municipalityCode: 'SZR12' },
    { ekatte: '80488', nameBg: 'Черганово', kind: 'VILLAGE', municipalityCode: 'SZR12', unverified: true },
    { ekatte: '83106', nameBg: 'Шейново', kind: 'VILLAGE', municipalityCode: 'SZR12' },
    { ekatte: '87847', nameBg: 'Ясеново', kind: 'VILLAGE', municipalityCode: 'SZR12' },
    // Pavel Banya municipality: reached by Kazanlak's mobile team.
    { ekatte: '55302', nameBg: 'Павел баня', kind: 'CITY', municipalityCode: 'SZR22' },
    { ekatte: '00309', nameBg: 'Александрово', kind: 'VILLAGE', municipalityCode: 'SZR22', unverified: true },
    { ekatte: '14129', nameBg: 'Габарево', kind: 'VILLAGE', municipalityCode: 'SZR22' },
    { ekatte: '46855', nameBg: 'Манолово', kind: 'VILLAGE', municipalityCode: 'SZR22' },
    { ekatte: '54403', nameBg: 'Осетеново', kind: 'VILLAGE', municipalityCode: 'SZR22' },
    { ekatte: '67057', nameBg: 'Скобелево', kind: 'VILLAGE', municipalityCode: 'SZR22' },
    { ekatte: '73362', nameBg: 'Тъжа', kind: 'VILLAGE', municipalityCode: 'SZR22' },
    { ekatte: '73519', nameBg: 'Търничени', kind: 'VILLAGE', municipalityCode: 'SZR22', unverified: true },
    { ekatte: '68850', nameBg: 'Стара Загора', kind: 'CITY', municipalityCode: 'SZR31' },
    // Plovdiv and the main towns and villages of its partner municipalities.
    { ekatte: '56784', nameBg: 'Пловдив', kind: 'CITY', municipalityCode: 'PDV22' },
    { ekatte: '00702', nameBg: 'Асеновград', kind: 'CITY', municipalityCode: 'PDV01' },
    { ekatte: '40467', nameBg: 'Куклен', kind: 'CITY', municipalityCode: 'PDV39' },
    { ekatte: '69105', nameBg: 'Стамболийски', kind: 'CITY', municipalityCode: 'PDV42', unverified: true },
    { ekatte: '55909', nameBg: 'Перущица', kind: 'CITY', municipalityCode: 'PDV14' },
    { ekatte: '39846', nameBg: 'Кричим', kind: 'CITY', municipalityCode: 'PDV11' },
    { ekatte: '61813', nameBg: 'Раковски', kind: 'CITY', municipalityCode: 'PDV21' },
    { ekatte: '70562', nameBg: 'Съединение', kind: 'CITY', municipalityCode: 'PDV27' },
    { ekatte: '65139', nameBg: 'Садово', kind: 'CITY', municipalityCode: 'PDV25' },
    { ekatte: '36676', nameBg: 'Катуница', kind: 'VILLAGE', municipalityCode: 'PDV25' },
    { ekatte: '36498', nameBg: 'Карлово', kind: 'CITY', municipalityCode: 'PDV10' },
    { ekatte: '68080', nameBg: 'Сопот', kind: 'CITY', municipalityCode: 'PDV40' },
    { ekatte: '77270', nameBg: 'Хисаря', kind: 'CITY', municipalityCode: 'PDV37' },
    { ekatte: '06330', nameBg: 'Брезово', kind: 'CITY', municipalityCode: 'PDV03' },
    { ekatte: '35701', nameBg: 'Калояново', kind: 'VILLAGE', municipalityCode: 'PDV07' },
    { ekatte: '44224', nameBg: 'Лъки', kind: 'CITY', municipalityCode: 'PDV12' },
    // Марица (its seat is Plovdiv; the municipality is the villages around the city).
    { ekatte: '62997', nameBg: 'Рогош', kind: 'VILLAGE', municipalityCode: 'PDV13' },
    { ekatte: '73242', nameBg: 'Труд', kind: 'VILLAGE', municipalityCode: 'PDV13' },
    { ekatte: '38844', nameBg: 'Костиево', kind: 'VILLAGE', municipalityCode: 'PDV13' },
    { ekatte: '61248', nameBg: 'Радиново', kind: 'VILLAGE', municipalityCode: 'PDV13' },
    { ekatte: '69866', nameBg: 'Строево', kind: 'VILLAGE', municipalityCode: 'PDV13' },
    // Родопи (seat also in Plovdiv).
    { ekatte: '87014', nameBg: 'Ягодово', kind: 'VILLAGE', municipalityCode: 'PDV26' },
    { ekatte: '03366', nameBg: 'Белащица', kind: 'VILLAGE', municipalityCode: 'PDV26' },
    { ekatte: '06639', nameBg: 'Брестник', kind: 'VILLAGE', municipalityCode: 'PDV26' },
    { ekatte: '47086', nameBg: 'Марково', kind: 'VILLAGE', municipalityCode: 'PDV26' },
    { ekatte: '77373', nameBg: 'Храбрино', kind: 'VILLAGE', municipalityCode: 'PDV26' },
    { ekatte: '59080', nameBg: 'Първенец', kind: 'VILLAGE', municipalityCode: 'PDV26' },
    { ekatte: '35095', nameBg: 'Кадиево', kind: 'VILLAGE', municipalityCode: 'PDV26' },
    { ekatte: '54225', nameBg: 'Оризари', kind: 'VILLAGE', municipalityCode: 'PDV26' },
    { ekatte: '75664', nameBg: 'Устина', kind: 'VILLAGE', municipalityCode: 'PDV26' },
    { ekatte: '78015', nameBg: 'Цалапица', kind: 'VILLAGE', municipalityCode: 'PDV26' },
];
/** The EKATTE check digit of the first four digits. */
export function ekatteCheckDigit(code) {
    const d = Array.from(code.slice(0, 4), Number);
    let r = (d[0] * 1 + d[1] * 2 + d[2] * 3 + d[3] * 4) % 11;
    if (r === 10) {
        r = (d[0] * 3 + d[1] * 4 + d[2] * 5 + d[3] * 6) % 11;
        if (r === 10)
            r = 0;
    }
    return r;
}
/** English name: the official streamlined transliteration, each word capitalised. */
export function latinName(bg) {
    return toSearchName(bg)
        .split(' ')
        .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
        .join(' ');
}
//# sourceMappingURL=places.js.map