// The demo's working days. Days, months and times of day come from the one calendar,
// @opora/common/calendar (Sofia); only what is particular to the demo data lives here.
import { addDays } from '@opora/common/calendar';
/** Saturday and Sunday move to Friday and Monday; a day that is `keep` stays where it is. */
export function toWorkday(d, keep) {
    if (keep && d.getTime() === keep.getTime())
        return d;
    const wd = d.getUTCDay();
    if (wd === 6)
        return addDays(d, -1);
    if (wd === 0)
        return addDays(d, 1);
    return d;
}
//# sourceMappingURL=calendar.js.map