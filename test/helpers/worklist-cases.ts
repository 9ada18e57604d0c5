// Seeds a store with patients whose cases are in every worklist state, written straight into the tables the
// providers read (as the import, diagnosis and sync services leave them), so the worklist can be tested and
// benchmarked at a lab's scale without running 10,000 imports. Never used by shipped code.
import type { Store } from '../../electron/main/db/connection.ts';
import { CASE_STATUSES } from '../../shared/schemas/worklist.ts';
import type { CaseStatus } from '../../shared/schemas/worklist.ts';
import { foldForSearch } from '../../shared/text-fold.ts';
import { validNhsNumbers } from './nhs-numbers.ts';

const FAMILY = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen', 'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths', 'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy', 'Miller', 'Cox', 'Richards', 'Khan', 'Marshall', 'Anderson', 'Simpson', 'Ellis', 'Adams', 'Singh', 'Begum', 'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers', 'Gray', 'Mason', 'Ali', 'Hunt', 'Hussain', 'Campbell', 'Matthews', 'Owen', 'Palmer', 'Holmes', 'Mills', 'Barnes', 'Knight', 'Lloyd', 'Butler', 'Russell', 'Barker', 'Fisher', 'Stevens', 'Jenkins', 'Murray', 'Dixon', 'Harvey'];
const GIVEN = ['Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia', 'Noah', 'Oliver', 'George', 'Arthur', 'Muhammad', 'Leo', 'Harry', 'Oscar', 'Archie', 'Henry', 'Zoë', 'Siân', 'Aoife', 'Rhys', 'Eilidh'];

export interface SeededCase {
  id: string;
  status: CaseStatus;
  unclassified: number;
  unsynced: number;
  conflicts: number;
  /** Medication alerts in the snapshot (worklist_medication_alerts). */
  alerts: number;
}

/**
 * `count` patients, cycling through the five stages; every 3rd case with a analysis has unclassified tier 1–2
 * candidates, every 4th patient a change waiting for sync, every 50th an open conflict, every 6th one or two
 * medication alerts.
 */
export function seedWorklistCases(store: Store, count: number): SeededCase[] {
  const db = store.sqlite;
  const at = '2026-06-01T10:00:00.000Z';
  const ins = {
    patient: db.prepare(
      `INSERT INTO patients (id, nhs_number, family_name, given_name, family_fold, given_fold, birth_date, sex, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'unknown', 1, ?, ?)`,
    ),
    imp: db.prepare(
      `INSERT INTO imports (id, key, patient_id, file, file_name, file_bytes, sha256, sample, build, build_source, status, header, actor, started_at, imported_at, variants)
       VALUES (?, ?, ?, '/data/x.vcf.gz', 'x.vcf.gz', 1000, ?, 'S1', 'GRCh38', 'header', 'complete', '##fileformat=VCFv4.2', 'seed', ?, ?, 4000000)`,
    ),
    analysis: db.prepare(
      `INSERT INTO diagnosis_analyses (id, patient_id, import_id, build, panels, filters, packs, annotation_origin, fingerprint, created_at, created_by)
       VALUES (?, ?, ?, 'GRCh38', '[]', '{}', '[]', 'stored', ?, ?, 'seed')`,
    ),
    consent: db.prepare(`INSERT INTO diagnosis_consents (patient_id, additional_findings, recorded_at, recorded_by) VALUES (?, 1, ?, 'seed')`),
    report: db.prepare(
      `INSERT INTO diagnosis_reports (id, patient_id, analysis_id, outcome, content, pdf_sha256, issued_at, issued_by) VALUES (?, ?, ?, 'no-diagnosis', '{}', 'x', ?, 'seed')`,
    ),
    candidate: db.prepare(
      `INSERT INTO worklist_candidates (patient_id, variant_id, analysis_id, rank, tier, gene, hgvs, ranked_at) VALUES (?, ?, ?, ?, ?, 'BRCA1', NULL, ?)`,
    ),
    classification: db.prepare(
      `INSERT INTO diagnosis_classifications (id, variant_id, build, chrom, pos, ref, alt, version, acmg_class, points, criteria, explanation, comment, patient_id, created_at, created_by)
       VALUES (?, ?, 'GRCh38', 'chr17', ?, 'C', 'T', 1, 'Pathogenic', 10, '[]', '', '', ?, ?, 'seed')`,
    ),
    alert: db.prepare(
      `INSERT INTO worklist_medication_alerts (patient_id, position, drug, medication_id, action, phenotype, reviewed_at) VALUES (?, ?, ?, NULL, ?, ?, ?)`,
    ),
    outbox: db.prepare(`INSERT INTO sync_outbox (entity_type, entity_id, op, entity_version, created_at, status) VALUES ('patient', ?, 'update', 2, ?, 'pending')`),
    conflict: db.prepare(
      `INSERT INTO sync_conflicts (entity_type, entity_id, kind, detected_at, local_json, remote_json, remote_resource_json, remote_version_id, status)
       VALUES ('patient', ?, 'edit-edit', ?, '{}', '{}', '{}', '2', 'open')`,
    ),
  };
  const nhs = validNhsNumbers(600_000_000);
  const cases: SeededCase[] = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = `p-${String(i).padStart(6, '0')}`;
      const family = FAMILY[i % FAMILY.length];
      const given = GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length];
      const birth = `${1940 + (i % 80)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      ins.patient.run(id, nhs.next().value, family, given, foldForSearch(family), foldForSearch(given), birth, at, at);
      const status = CASE_STATUSES[i % CASE_STATUSES.length];
      const stage = CASE_STATUSES.indexOf(status);
      let unclassified = 0;
      if (stage >= 1) ins.imp.run(`imp-${id}`, i + 1, id, `sha-${id}`, at, at);
      if (stage >= 2) {
        ins.analysis.run(`an-${id}`, id, `imp-${id}`, `fp-${id}`, at);
        // Three tier 1–2 candidates; the lab has classified one (shared with other patients, as variants recur).
        for (let r = 1; r <= 3; r++) ins.candidate.run(id, `GRCh38:chr17-${1000 + (i % 7) * 10 + r}-C-T`, `an-${id}`, r, r === 3 ? 2 : 1, at);
        if (i % 3 === 0) ins.candidate.run(id, `GRCh38:chr17-${9_000_000 + i}-C-T`, `an-${id}`, 4, 2, at);
        unclassified = 2 + (i % 3 === 0 ? 1 : 0);
      }
      if (stage >= 3) ins.consent.run(id, at);
      if (stage >= 4) ins.report.run(`rep-${id}`, id, `an-${id}`, at);
      const unsynced = i % 4 === 0 ? 1 : 0;
      if (unsynced) ins.outbox.run(id, at);
      const conflicts = i % 50 === 0 ? 1 : 0;
      if (conflicts) ins.conflict.run(id, at);
      // Medication alerts as the medicines service leaves them (codeine avoided; clopidogrel without a result).
      const alerts = i % 6 === 1 ? (i % 12 === 1 ? 2 : 1) : 0;
      if (alerts >= 1) ins.alert.run(id, 0, 'codeine', 'avoid', 'CYP2D6: Poor Metabolizer (activity score 0.0)', at);
      if (alerts >= 2) ins.alert.run(id, 1, 'clopidogrel', 'no-result', 'No pharmacogenomic result yet', at);
      cases.push({ id, status, unclassified, unsynced, conflicts, alerts });
    }
    // The lab's classification of the rank-1 variants (chr17-1001, -1011, … ): one per recurring variant.
    for (let k = 0; k < 7; k++) ins.classification.run(`cls-${k}`, `GRCh38:chr17-${1000 + k * 10 + 1}-C-T`, 1000 + k * 10 + 1, null, at);
  })();
  return cases;
}
