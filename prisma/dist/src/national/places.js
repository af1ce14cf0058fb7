export const OTHER_REGIONS = [
    { code: 'BLG', nameBg: 'Благоевград', nameEn: 'Blagoevgrad' },
    { code: 'BGS', nameBg: 'Бургас', nameEn: 'Burgas' },
    { code: 'VAR', nameBg: 'Варна', nameEn: 'Varna' },
    { code: 'VTR', nameBg: 'Велико Търново', nameEn: 'Veliko Tarnovo' },
    { code: 'VID', nameBg: 'Видин', nameEn: 'Vidin' },
    { code: 'VRC', nameBg: 'Враца', nameEn: 'Vratsa' },
    { code: 'GAB', nameBg: 'Габрово', nameEn: 'Gabrovo' },
    { code: 'DOB', nameBg: 'Добрич', nameEn: 'Dobrich' },
    { code: 'KRZ', nameBg: 'Кърджали', nameEn: 'Kardzhali' },
    { code: 'KNL', nameBg: 'Кюстендил', nameEn: 'Kyustendil' },
    { code: 'LOV', nameBg: 'Ловеч', nameEn: 'Lovech' },
    { code: 'MON', nameBg: 'Монтана', nameEn: 'Montana' },
    { code: 'PAZ', nameBg: 'Пазарджик', nameEn: 'Pazardzhik' },
    { code: 'PER', nameBg: 'Перник', nameEn: 'Pernik' },
    { code: 'PVN', nameBg: 'Плевен', nameEn: 'Pleven' },
    { code: 'RAZ', nameBg: 'Разград', nameEn: 'Razgrad' },
    { code: 'RSE', nameBg: 'Русе', nameEn: 'Ruse' },
    { code: 'SLS', nameBg: 'Силистра', nameEn: 'Silistra' },
    { code: 'SLV', nameBg: 'Сливен', nameEn: 'Sliven' },
    { code: 'SML', nameBg: 'Смолян', nameEn: 'Smolyan' },
    { code: 'SFO', nameBg: 'София област', nameEn: 'Sofia Province' },
    { code: 'SOF', nameBg: 'София (столица)', nameEn: 'Sofia City' },
    { code: 'TGV', nameBg: 'Търговище', nameEn: 'Targovishte' },
    { code: 'HKV', nameBg: 'Хасково', nameEn: 'Haskovo' },
    { code: 'SHU', nameBg: 'Шумен', nameEn: 'Shumen' },
    { code: 'JAM', nameBg: 'Ямбол', nameEn: 'Yambol' },
];
export const NATIONAL_MUNICIPALITIES = 265;
/** `count` synthetic municipalities spread round-robin over the 26 regions outside the catalogue. */
export function syntheticMunicipalities(count, rng) {
    const out = [];
    const perRegion = new Map();
    for (let i = 0; i < count; i++) {
        const region = OTHER_REGIONS[i % OTHER_REGIONS.length];
        const n = (perRegion.get(region.code) ?? 0) + 1;
        perRegion.set(region.code, n);
        const nn = String(n).padStart(2, '0');
        const code = `X${region.code}${nn}`;
        const settlements = [
            { ekatte: `${code}0`, nameBg: `Синтетичен град ${region.nameBg} ${nn}`, nameEn: `Synthetic town ${region.nameEn} ${nn}`, kind: 'CITY' },
        ];
        const villages = rng.int(2, 5);
        for (let v = 1; v <= villages; v++) {
            settlements.push({
                ekatte: `${code}${v}`,
                nameBg: `Синтетично село ${v}, ${region.nameBg} ${nn}`,
                nameEn: `Synthetic village ${v}, ${region.nameEn} ${nn}`,
                kind: 'VILLAGE',
            });
        }
        out.push({
            code,
            nameBg: `Синтетична община ${region.nameBg} ${nn}`,
            nameEn: `Synthetic municipality ${region.nameEn} ${nn}`,
            regionCode: region.code,
            regionBg: region.nameBg,
            regionEn: region.nameEn,
            population: rng.int(4_000, 120_000),
            settlements,
        });
    }
    return out;
}
//# sourceMappingURL=places.js.map