import type { ReviewAction } from '../../../../shared/schemas/medicines.ts';

/** What each action says to a prescriber, and its tag colour (NHS.UK tags; red/orange/yellow for alerts). */
export const ACTION_LABELS: Record<ReviewAction, { text: string; tag: string }> = {
  avoid: { text: 'Avoid', tag: 'nhsuk-tag--red' },
  adjust: { text: 'Adjust dose', tag: 'nhsuk-tag--orange' },
  monitor: { text: 'Monitor', tag: 'nhsuk-tag--yellow' },
  'no-result': { text: 'No result yet', tag: 'nhsuk-tag--grey' },
  'no-guideline': { text: 'No guideline', tag: 'nhsuk-tag--white' },
  standard: { text: 'Standard', tag: 'nhsuk-tag--green' },
};

export const ALERT_ACTIONS: readonly ReviewAction[] = ['avoid', 'adjust', 'monitor'];
