// A patient's referral (clinical indication, optional HPO terms, panels pinned to a version) and the
// consent to additional findings. Each change is one transaction with its audit row; consent is
// append-only so the report can quote who recorded it and when, and earlier decisions stay visible.
import { AppError } from '../../../../shared/errors.ts';
import type { PanelSummary } from '../../../../shared/schemas/diagnosis.ts';
import type { ConsentRecord, Referral } from '../../../../shared/schemas/diagnosis-workspace.ts';
import type { Store } from '../../db/connection.ts';
import { inTransaction } from '../../db/transaction.ts';
import { writeAudit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { PanelStore } from './panel-store.ts';

interface ReferralRow {
  patient_id: string;
  clinical_indication: string;
  hpo_terms: string;
  panels: string;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

interface ConsentRow {
  patient_id: string;
  additional_findings: number;
  note: string | null;
  recorded_at: string;
  recorded_by: string;
}

export interface ReferralDraft {
  patientId: string;
  clinicalIndication: string;
  hpoTerms: { id: string; label: string }[];
  panels: { id: string; version?: string }[];
  basedOnVersion?: number;
}

function toReferral(r: ReferralRow): Referral {
  return {
    patientId: r.patient_id,
    clinicalIndication: r.clinical_indication,
    hpoTerms: JSON.parse(r.hpo_terms) as Referral['hpoTerms'],
    panels: JSON.parse(r.panels) as PanelSummary[],
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

function toConsent(r: ConsentRow): ConsentRecord {
  return { patientId: r.patient_id, additionalFindings: r.additional_findings === 1, note: r.note, recordedAt: r.recorded_at, recordedBy: r.recorded_by };
}

export type ReferralStore = ReturnType<typeof createReferralStore>;

export function createReferralStore({ store, actor, clock, panels }: { store: Store; actor: string; clock: Clock; panels: PanelStore }) {
  const { sqlite } = store;
  const patientExists = sqlite.prepare('SELECT 1 FROM patients WHERE id = ?').pluck();
  const byPatient = sqlite.prepare('SELECT * FROM diagnosis_referrals WHERE patient_id = ?');
  const insertReferral = sqlite.prepare(
    `INSERT INTO diagnosis_referrals (patient_id, clinical_indication, hpo_terms, panels, version, created_at, updated_at, updated_by)
     VALUES (@patientId, @clinicalIndication, @hpoTerms, @panels, 1, @at, @at, @actor)`,
  );
  const updateReferral = sqlite.prepare(
    `UPDATE diagnosis_referrals SET clinical_indication = @clinicalIndication, hpo_terms = @hpoTerms, panels = @panels,
       version = version + 1, updated_at = @at, updated_by = @actor WHERE patient_id = @patientId AND version = @version`,
  );
  const consents = sqlite.prepare('SELECT patient_id, additional_findings, note, recorded_at, recorded_by FROM diagnosis_consents WHERE patient_id = ? ORDER BY id DESC');
  const insertConsent = sqlite.prepare(
    'INSERT INTO diagnosis_consents (patient_id, additional_findings, note, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?)',
  );

  function requirePatient(patientId: string): void {
    if (!patientExists.get(patientId)) throw new AppError('patients/not-found', 'No patient with this id is registered.', { id: patientId });
  }

  function get(patientId: string): Referral | null {
    const row = byPatient.get(patientId) as ReferralRow | undefined;
    return row ? toReferral(row) : null;
  }

  function consentHistory(patientId: string): ConsentRecord[] {
    return (consents.all(patientId) as ConsentRow[]).map(toConsent);
  }

  return {
    get,
    consentHistory,
    consent: (patientId: string): ConsentRecord | null => consentHistory(patientId)[0] ?? null,

    save(draft: ReferralDraft): Referral {
      requirePatient(draft.patientId);
      const indication = draft.clinicalIndication.trim();
      if (!indication) {
        throw new AppError('diagnosis/referral-required', 'Enter the clinical indication for this referral.', { field: 'clinicalIndication' });
      }
      if (draft.panels.length === 0) {
        throw new AppError('diagnosis/referral-required', 'Choose at least one gene panel for this referral.', { field: 'panels' });
      }
      // Pinned here: a panel chosen without a version gets the newest installed one, and the referral keeps
      // that version even after a newer one is installed.
      const pinned = panels.resolve(draft.panels).map((p) => ({ id: p.id, name: p.name, version: p.version }));
      const seenHpo = new Set<string>();
      const hpoTerms = draft.hpoTerms.filter((t) => !seenHpo.has(t.id) && seenHpo.add(t.id)).map((t) => ({ id: t.id, label: t.label.trim() }));
      const at = clock.now().toISOString();
      const values = { patientId: draft.patientId, clinicalIndication: indication, hpoTerms: JSON.stringify(hpoTerms), panels: JSON.stringify(pinned), at, actor };
      return inTransaction(sqlite, () => {
        const before = get(draft.patientId);
        if (!before) {
          insertReferral.run(values);
          writeAudit(sqlite, { at, actor, entityType: 'referral', entityId: draft.patientId, action: 'create', changes: { clinicalIndication: indication, hpoTerms, panels: pinned } });
        } else {
          const version = draft.basedOnVersion ?? before.version;
          if (updateReferral.run({ ...values, version }).changes === 0) {
            throw new AppError('diagnosis/referral-stale', 'Someone else changed this referral since you opened it. Reload it and make your change again.', {
              patientId: draft.patientId,
              basedOnVersion: version,
              currentVersion: before.version,
            });
          }
          const changes: Record<string, [unknown, unknown]> = {};
          if (before.clinicalIndication !== indication) changes.clinicalIndication = [before.clinicalIndication, indication];
          if (JSON.stringify(before.hpoTerms) !== JSON.stringify(hpoTerms)) changes.hpoTerms = [before.hpoTerms, hpoTerms];
          if (JSON.stringify(before.panels) !== JSON.stringify(pinned)) changes.panels = [before.panels, pinned];
          writeAudit(sqlite, { at, actor, entityType: 'referral', entityId: draft.patientId, action: 'update', changes });
        }
        return get(draft.patientId)!;
      });
    },

    saveConsent(patientId: string, additionalFindings: boolean, note?: string): ConsentRecord {
      requirePatient(patientId);
      const at = clock.now().toISOString();
      const cleanNote = note?.trim() || null;
      return inTransaction(sqlite, () => {
        insertConsent.run(patientId, additionalFindings ? 1 : 0, cleanNote, at, actor);
        writeAudit(sqlite, {
          at,
          actor,
          entityType: 'consent',
          entityId: patientId,
          action: additionalFindings ? 'additional-findings-consented' : 'additional-findings-declined',
          changes: { additionalFindings, note: cleanNote },
        });
        return consentHistory(patientId)[0];
      });
    },
  };
}
