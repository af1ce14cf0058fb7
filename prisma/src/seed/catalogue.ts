// The shared catalogue every deployment needs (not only the demo): places, professions,
// kinds of service and target groups. Idempotent: rows are upserted by their stable code,
// so running it again refreshes names without duplicating anything.
import type { PrismaClient } from '../client.ts';
import { latinName, MUNICIPALITIES, REGIONS, SETTLEMENTS } from './places.ts';

type Named = { code: string; nameBg: string; nameEn: string };

export const PROFESSIONS: readonly Named[] = [
  { code: 'MANAGER', nameBg: 'Ръководител', nameEn: 'Manager' },
  { code: 'SOCIAL_WORKER', nameBg: 'Социален работник', nameEn: 'Social worker' },
  { code: 'PSYCHOLOGIST', nameBg: 'Психолог', nameEn: 'Psychologist' },
  { code: 'SPEECH_THERAPIST', nameBg: 'Логопед', nameEn: 'Speech therapist' },
  { code: 'PHYSIOTHERAPIST', nameBg: 'Кинезитерапевт', nameEn: 'Physiotherapist' },
  { code: 'REHABILITATOR', nameBg: 'Рехабилитатор', nameEn: 'Rehabilitator' },
  { code: 'EARLY_CHILDHOOD_DEVELOPMENT_SPECIALIST', nameBg: 'Специалист по ранно детско развитие', nameEn: 'Early childhood development specialist' },
  { code: 'EARLY_INTERVENTION_SPECIALIST', nameBg: 'Специалист по ранна интервенция', nameEn: 'Early intervention specialist' },
  { code: 'FAMILY_CONSULTANT', nameBg: 'Семеен консултант', nameEn: 'Family consultant' },
  { code: 'SOCIAL_ASSOCIATE', nameBg: 'Социален сътрудник', nameEn: 'Social associate' },
  { code: 'PEDAGOGUE', nameBg: 'Педагог', nameEn: 'Pedagogue' },
  { code: 'SPECIAL_EDUCATION_TEACHER', nameBg: 'Специален педагог', nameEn: 'Special education teacher' },
  { code: 'MEDIATOR', nameBg: 'Медиатор', nameEn: 'Mediator' },
  { code: 'LAWYER', nameBg: 'Юрист', nameEn: 'Lawyer' },
];

export const SERVICE_KINDS: readonly (Named & { openAccessByDefault: boolean })[] = [
  // Open to everyone (ЗСУ): no referral, assessment or contract.
  { code: 'INFORMATION', nameBg: 'Информиране', nameEn: 'Information', openAccessByDefault: true },
  { code: 'COUNSELLING', nameBg: 'Консултиране', nameEn: 'Counselling', openAccessByDefault: true },
  { code: 'MOBILE_COMMUNITY_WORK', nameBg: 'Мобилна работа в общността', nameEn: 'Mobile community work', openAccessByDefault: true },
  { code: 'SCHOOL_FOR_YOUNG_PARENTS', nameBg: 'Училище за млади родители', nameEn: 'School for young parents', openAccessByDefault: true },
  { code: 'GROUP_SOCIALIZING_ACTIVITIES', nameBg: 'Групови социализиращи и творчески дейности', nameEn: 'Group socializing and creative activities', openAccessByDefault: true },
  // Specialised: referral → assessment → plan → contract.
  { code: 'PSYCHOLOGICAL_COUNSELLING', nameBg: 'Психологическо консултиране', nameEn: 'Psychological counselling', openAccessByDefault: false },
  { code: 'PSYCHOLOGICAL_THERAPY', nameBg: 'Психологическа терапия', nameEn: 'Psychological therapy', openAccessByDefault: false },
  { code: 'SPEECH_THERAPY', nameBg: 'Логопедична терапия', nameEn: 'Speech therapy', openAccessByDefault: false },
  { code: 'PHYSIOTHERAPY_REHABILITATION', nameBg: 'Кинезитерапия и рехабилитация', nameEn: 'Physiotherapy and rehabilitation', openAccessByDefault: false },
  { code: 'EARLY_INTERVENTION', nameBg: 'Ранна интервенция', nameEn: 'Early intervention', openAccessByDefault: false },
  { code: 'MEDIATION', nameBg: 'Медиация', nameEn: 'Mediation', openAccessByDefault: false },
  { code: 'SKILLS_TRAINING', nameBg: 'Обучение в умения', nameEn: 'Skills training', openAccessByDefault: false },
  { code: 'INDEPENDENT_LIVING_SKILLS', nameBg: 'Умения за самостоятелен живот', nameEn: 'Independent living skills', openAccessByDefault: false },
  { code: 'FOSTER_ADOPTIVE_PARENT_TRAINING', nameBg: 'Обучение на кандидат-приемни родители и осиновители', nameEn: 'Foster and adoptive parent training', openAccessByDefault: false },
  { code: 'FAMILY_REINTEGRATION_SUPPORT', nameBg: 'Подкрепа за реинтеграция в семейството', nameEn: 'Family reintegration support', openAccessByDefault: false },
  { code: 'SUPPORT_FOR_CHILD_VICTIMS_OF_VIOLENCE', nameBg: 'Подкрепа за деца, жертви на насилие', nameEn: 'Support for child victims of violence', openAccessByDefault: false },
  { code: 'PARENTAL_CAPACITY_SUPPORT', nameBg: 'Подкрепа за повишаване на родителския капацитет', nameEn: 'Support for parental capacity', openAccessByDefault: false },
  { code: 'ABANDONMENT_PREVENTION', nameBg: 'Превенция на изоставянето', nameEn: 'Prevention of child abandonment', openAccessByDefault: false },
];

export const TARGET_GROUPS: readonly (Named & { audience: 'CHILD' | 'PARENT' | 'FAMILY' })[] = [
  { code: 'DEVELOPMENTAL_DIFFICULTIES', nameBg: 'Деца с обучителни затруднения и проблеми в развитието', nameEn: 'Children with developmental difficulties', audience: 'CHILD' },
  { code: 'RISK_OF_ABANDONMENT', nameBg: 'Деца в риск от изоставяне', nameEn: 'Children at risk of abandonment', audience: 'CHILD' },
  { code: 'IN_PUBLIC_CARE', nameBg: 'Деца, настанени в услуги за резидентна грижа', nameEn: 'Children in public care', audience: 'CHILD' },
  { code: 'FOSTER_AND_ADOPTIVE_FAMILIES', nameBg: 'Деца в приемни и осиновителни семейства', nameEn: 'Children in foster and adoptive families', audience: 'CHILD' },
  { code: 'DOMESTIC_VIOLENCE_WITNESS', nameBg: 'Деца, преживели домашно насилие', nameEn: 'Children who experienced domestic violence', audience: 'CHILD' },
  { code: 'SCHOOL_DROPOUT_RISK', nameBg: 'Деца в риск от отпадане от училище или с обучителни трудности', nameEn: 'Children at risk of dropping out of school or with learning difficulties', audience: 'CHILD' },
  { code: 'DIFFICULT_SOCIAL_STATUS', nameBg: 'Деца от семейства с трудна социална ситуация', nameEn: 'Children from families with a difficult social situation', audience: 'CHILD' },
  { code: 'PREGNANT_GIRLS', nameBg: 'Бременни момичета', nameEn: 'Pregnant girls', audience: 'CHILD' },
  { code: 'CHILD_VICTIMS_OF_VIOLENCE', nameBg: 'Деца, жертви на насилие', nameEn: 'Child victims of violence', audience: 'CHILD' },
  { code: 'EMOTIONAL_BEHAVIOURAL_PROBLEMS', nameBg: 'Деца с девиантно поведение и емоционално-поведенчески проблеми', nameEn: 'Children with deviant behaviour and emotional-behavioural problems', audience: 'CHILD' },
  { code: 'SPEECH_LANGUAGE_DISORDERS', nameBg: 'Деца с езиково-говорни нарушения', nameEn: 'Children with speech and language disorders', audience: 'CHILD' },
  { code: 'PARENTS_OF_CHILDREN_WITH_DISABILITIES', nameBg: 'Родители на деца с увреждания', nameEn: 'Parents of children with disabilities', audience: 'PARENT' },
  { code: 'PARENTS_IN_SEPARATION_CONFLICT', nameBg: 'Родители в конфликт при раздяла или развод', nameEn: 'Parents in conflict during separation or divorce', audience: 'PARENT' },
  { code: 'PARENTS_WITH_ADDICTIONS', nameBg: 'Родители със зависимости', nameEn: 'Parents with addictions', audience: 'PARENT' },
  { code: 'LOW_PARENTAL_CAPACITY', nameBg: 'Родители с нисък или липсващ родителски капацитет', nameEn: 'Parents with low or no parental capacity', audience: 'PARENT' },
  { code: 'YOUNG_PARENTS', nameBg: 'Млади и бъдещи родители', nameEn: 'Young and expecting parents', audience: 'PARENT' },
  { code: 'FUTURE_FOSTER_ADOPTIVE_PARENTS', nameBg: 'Кандидат-приемни родители и осиновители', nameEn: 'Prospective foster and adoptive parents', audience: 'PARENT' },
  { code: 'FAMILY_REINTEGRATION', nameBg: 'Семейства при реинтеграция на дете', nameEn: 'Families reintegrating a child', audience: 'FAMILY' },
  { code: 'FAMILIES_AT_RISK_OF_SEPARATION', nameBg: 'Семейства в риск от раздяла на дете с родителите', nameEn: 'Families at risk of a child being separated from the parents', audience: 'FAMILY' },
];

export type CatalogueCounts = {
  municipalities: number;
  settlements: number;
  professions: number;
  serviceKinds: number;
  targetGroups: number;
};

/** Whether a stored row already holds every field of what the catalogue says. */
function same(row: object, data: object): boolean {
  return Object.entries(data).every(([key, value]) => (row as Record<string, unknown>)[key] === (value ?? null));
}

export async function seedCatalogue(prisma: PrismaClient): Promise<CatalogueCounts> {
  // One transaction: a deployment never sees half a catalogue.
  return prisma.$transaction(
    async (tx) => {
      // Only what differs is written: a restart on an up-to-date catalogue reads five tables
      // and writes nothing (it used to upsert every row, seconds on the embedded database).
      const municipalityIds = new Map<string, string>();
      const municipalities = new Map((await tx.municipality.findMany()).map((r) => [r.code, r]));
      for (const m of MUNICIPALITIES) {
        const region = REGIONS[m.regionCode];
        const data = {
          nameBg: m.nameBg,
          nameEn: latinName(m.nameBg),
          regionBg: region.nameBg,
          regionEn: region.nameEn,
          regionCode: m.regionCode,
        };
        const found = municipalities.get(m.code);
        if (found && same(found, data)) {
          municipalityIds.set(m.code, found.id);
          continue;
        }
        const row = await tx.municipality.upsert({
          where: { code: m.code },
          create: { code: m.code, ...data },
          update: data,
          select: { id: true },
        });
        municipalityIds.set(m.code, row.id);
      }
      const settlements = new Map((await tx.settlement.findMany()).map((r) => [r.ekatte, r]));
      for (const s of SETTLEMENTS) {
        const municipalityId = municipalityIds.get(s.municipalityCode);
        if (!municipalityId) throw new Error(`settlement ${s.nameBg}: unknown municipality ${s.municipalityCode}`);
        const data = { nameBg: s.nameBg, nameEn: latinName(s.nameBg), kind: s.kind, municipalityId };
        const found = settlements.get(s.ekatte);
        if (found && same(found, data)) continue;
        await tx.settlement.upsert({ where: { ekatte: s.ekatte }, create: { ekatte: s.ekatte, ...data }, update: data });
      }
      const professions = new Map((await tx.profession.findMany()).map((r) => [r.code, r]));
      for (const p of PROFESSIONS) {
        const found = professions.get(p.code);
        if (found && same(found, p)) continue;
        await tx.profession.upsert({ where: { code: p.code }, create: p, update: { nameBg: p.nameBg, nameEn: p.nameEn } });
      }
      const serviceKinds = new Map((await tx.serviceKind.findMany()).map((r) => [r.code, r]));
      for (const k of SERVICE_KINDS) {
        const { code, ...data } = k;
        const found = serviceKinds.get(code);
        if (found && same(found, k)) continue;
        await tx.serviceKind.upsert({ where: { code }, create: k, update: data });
      }
      const targetGroups = new Map((await tx.targetGroup.findMany()).map((r) => [r.code, r]));
      for (const g of TARGET_GROUPS) {
        const { code, ...data } = g;
        const found = targetGroups.get(code);
        if (found && same(found, g)) continue;
        await tx.targetGroup.upsert({ where: { code }, create: g, update: data });
      }
      return {
        municipalities: MUNICIPALITIES.length,
        settlements: SETTLEMENTS.length,
        professions: PROFESSIONS.length,
        serviceKinds: SERVICE_KINDS.length,
        targetGroups: TARGET_GROUPS.length,
      };
    },
    { timeout: 60_000 },
  );
}
