import { Printouts } from '../../components/printouts.tsx';
import type { CaseData } from './query.ts';

// The case page's printable documents (the server decides; the case team asks). Mounted beside
// the Documents section, not inside it.
export function CasePrintouts({ c }: { c: CaseData }) {
  return (
    <Printouts
      caseId={c.id}
      referralDate={c.referralDate}
      closedOn={c.closedOn}
      assessments={c.assessments.filter((a) => !a.superseded)}
      plans={c.supportPlans}
      contracts={c.contracts}
    />
  );
}
