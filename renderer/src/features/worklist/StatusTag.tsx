import { CASE_STATUS_LABELS } from '../../../../shared/schemas/worklist.ts';
import type { CaseStatus } from '../../../../shared/schemas/worklist.ts';

// NHS.UK tag colours (each meets AA contrast): grey waits on the lab, the warm colours on a person here.
const TAG: Record<CaseStatus, string> = {
  'awaiting-import': 'nhsuk-tag--grey',
  'awaiting-interpretation': 'nhsuk-tag--blue',
  'awaiting-consent': 'nhsuk-tag--yellow',
  'report-draft': 'nhsuk-tag--orange',
  'report-issued': 'nhsuk-tag--green',
};

export function StatusTag({ status }: { status: CaseStatus }) {
  return (
    <strong className={`nhsuk-tag ${TAG[status]}`} data-testid="case-status">
      {CASE_STATUS_LABELS[status]}
    </strong>
  );
}
