// What to tell a person for each medicines error code: the Record type makes a missing code a typecheck failure.
import type { MEDICINES_ERROR_CODES } from '../../../../shared/error-codes/medicines.ts';

export const medicinesMessages: Record<(typeof MEDICINES_ERROR_CODES)[number], string> = {
  'medicines/not-found': 'That medicine is not on this patient’s list any more. Refresh the page.',
  'medicines/bad-date': 'Give the start date as a real date that is not in the future (YYYY-MM-DD).',
  'medicines/already-stopped': 'That medicine is already stopped; it stays on the list with its stop date.',
  'medicines/code-mismatch': 'The code given belongs to another medicine. Check the name and the code.',
  'medicines/data-invalid': 'The medicines reference data is missing or damaged. Reinstall GenoDesk.',
};
