// One normalization for names, shared by the seed, the API's writes and its search box:
// a Cyrillic or Latin query, with or without accents, meets the same stored key.
// Bulgarian streamlined system (Закон за транслитерацията, 2009), plus the few Russian /
// Ukrainian / Serbian letters that turn up in names of people born abroad.
const CYRILLIC = {
    а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y',
    к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u',
    ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sht', ъ: 'a', ь: 'y', ю: 'yu', я: 'ya',
    ё: 'yo', э: 'e', ы: 'y', є: 'ye', і: 'i', ї: 'yi', ґ: 'g', ђ: 'dj', ј: 'j', љ: 'lj',
    њ: 'nj', ћ: 'c', џ: 'dz', ѝ: 'i',
};
/**
 * Lower-case Latin key of a name: "Щастлива Ёлка" → "shtastliva yolka".
 * Word-final "ия" is "ia" as the law says (Мария → maria); accents and punctuation go,
 * runs of spaces collapse.
 */
export function toSearchName(text) {
    // NFC first, so that й and ё are single letters (NFD would split them into и/е + mark).
    const lower = text.normalize('NFC').toLocaleLowerCase('bg');
    let out = '';
    const chars = Array.from(lower);
    for (let i = 0; i < chars.length; i++) {
        const c = chars[i];
        const next = chars[i + 1];
        if (c === 'и' && next === 'я' && !isLetter(chars[i + 2])) {
            out += 'ia';
            i++;
            continue;
        }
        out += CYRILLIC[c] ?? c;
    }
    return out
        .normalize('NFD')
        .replace(/\p{M}/gu, '') // accents, stress marks
        .replace(/ß/g, 'ss')
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
}
function isLetter(c) {
    return c !== undefined && /\p{L}/u.test(c);
}
//# sourceMappingURL=search-name.js.map