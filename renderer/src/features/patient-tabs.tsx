// The tabs a patient's page shows after "Details": each feature contributes its own screen.
import type { Patient } from '../../../shared/schemas/patient.ts';
import type { TabSpec } from '../components/Tabs.tsx';
import type { Navigate } from '../navigation.ts';
import { SequencingTab } from './imports/SequencingTab.tsx';
import { MedicinesTab } from './medicines/MedicinesTab.tsx';
import { PharmacogenomicsTab } from './pgx/PharmacogenomicsTab.tsx';
import { DiagnosisTab } from './diagnosis/DiagnosisTab.tsx';
import { FamilyTab } from './family/FamilyTab.tsx';

export function patientTabs(patient: Patient, _navigate: Navigate): TabSpec[] {
  return [
    // Medicines first: the review is what a prescriber acts on (issue 16); the integrator settles tab order.
    { id: 'medicines', label: 'Medicines', render: () => <MedicinesTab patientId={patient.id} /> },
    { id: 'sequencing', label: 'Sequencing', render: () => <SequencingTab patientId={patient.id} /> },
    { id: 'pharmacogenomics', label: 'Pharmacogenomics', render: () => <PharmacogenomicsTab patientId={patient.id} /> },
    { id: 'diagnosis', label: 'Diagnosis', render: () => <DiagnosisTab patientId={patient.id} /> },
    { id: 'family', label: 'Family', render: () => <FamilyTab patientId={patient.id} /> },
  ];
}
