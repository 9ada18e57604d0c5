// The worklist's extension point (issue 17). A domain tells the worklist what it knows by registering one
// provider: which patients reached a case stage (one SQL query per stage), which patients need an action of
// its kind (one grouped SQL query), and its section of one patient's case overview (a function of one patient).
// Every query answers for all patients at once, so the worklist makes a fixed number of queries however many
// patients there are (no per-patient queries).
import type { CaseStatus, OverviewItem, PatientTab } from '../../../../shared/schemas/worklist.ts';
import type { SqliteDatabase } from '../../db/connection.ts';

export interface StageQuery {
  stage: CaseStatus;
  /** `SELECT patient_id FROM …`: every patient who reached this stage (duplicates are harmless). */
  sql: string;
}

export interface NeedsActionQuery {
  kind: string;
  /** The filter's name for the kind, e.g. "Sync conflicts". */
  title: string;
  tab: PatientTab;
  /** Row text for a count, e.g. n => "2 unclassified tier 1–2 candidates". */
  label: (count: number) => string;
  /** `SELECT patient_id, count(*) AS n … GROUP BY patient_id`: only patients with n > 0 need be returned. */
  sql: string;
}

export interface OverviewSectionProvider {
  key: string;
  title: string;
  tab: PatientTab;
  /** What the section says when it has no items. */
  empty: string;
  items: (sqlite: SqliteDatabase, patientId: string) => OverviewItem[];
}

export interface WorklistProvider {
  /** The domain folder that owns it (imports, diagnosis, sync, medicines, family, reanalysis, …). */
  domain: string;
  /**
   * Tables the provider reads that its domain's migration creates. A provider whose tables are not in the store
   * is left out, so a domain's provider can ship before (or without) that domain's branch: it starts counting
   * the moment the migration has run.
   */
  requires?: string[];
  stages?: StageQuery[];
  needs?: NeedsActionQuery[];
  sections?: OverviewSectionProvider[];
}

export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
