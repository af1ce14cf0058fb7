import { graphql, type ResultOf } from '../../graphql.ts';
import { staffOptions, StaffOptionsFields } from '../../components/form.tsx';

// What every settings tab reads, in one request. Names in both languages come along for the
// managers' edit forms (the API takes both; `name` is only the reader's language).
export const SettingsQuery = graphql(`
  query CenterSettings {
    center {
      id name code licensedCapacity planningDays offlineDays address phone email providerName
      municipality { id name }
      services(includeInactive: true) { id name nameBg nameEn active access capacity deliveryModes serviceKind { id name } }
      teams { id name nameBg nameEn kind members { id endedOn user { displayName } } }
      ...StaffOptionsFields
      partnerMunicipalities(includeEnded: true) { since until municipality { id name } }
    }
    serviceKinds { id name openAccessByDefault }
    professions { id name }
  }
`, [StaffOptionsFields]);

export type SettingsData = ResultOf<typeof SettingsQuery>;
export type Service = NonNullable<SettingsData['center']['services']>[number];
/** The current staff for a team's members picker. */
export const staffPicker = (data: SettingsData) => staffOptions(data.center);
export type Team = NonNullable<SettingsData['center']['teams']>[number];

/** Trimmed text, or null when left empty (optional API fields). */
export const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/** A number field's text: null when empty, NaN when it is not a number (the form says so). */
export const numberOrNull = (v: string) => (v.trim() === '' ? null : Number(v.trim().replace(',', '.')));
