// Family: the members recorded in the patient's family (around its proband), for the case overview.
import type { WorklistProvider } from './providers.ts';

export const familyProvider: WorklistProvider = {
  domain: 'family',
  requires: ['family_members'],
  sections: [
    {
      key: 'family',
      title: 'Family',
      tab: 'family',
      empty: 'No family recorded for this patient.',
      items: (sqlite, patientId) =>
        (
          sqlite
            .prepare(
              `SELECT m.relation, m.affected, p.given_name, p.family_name, m.patient_id = @p AS self
               FROM family_members m JOIN patients p ON p.id = m.patient_id
               WHERE m.family_id IN (SELECT family_id FROM family_members WHERE patient_id = @p)
               ORDER BY m.position`,
            )
            .all({ p: patientId }) as { relation: string; affected: string; given_name: string; family_name: string; self: number }[]
        ).map((m) => ({
          text: `${m.relation[0].toUpperCase()}${m.relation.slice(1)}: ${m.given_name} ${m.family_name.toUpperCase()}${m.self ? ' (this patient)' : ''}`,
          detail: `Affected: ${m.affected}`,
          action: false,
        })),
    },
  ],
};
