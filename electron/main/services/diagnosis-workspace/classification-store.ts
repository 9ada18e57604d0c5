// The lab's own variant classifications (ACMG/AMP as adapted by ACGS, points per Tavtigian et al. 2020).
// Keyed by the normalised variant (build + chrom/pos/ref/alt trimmed as the import trims them), not by
// patient, so the lab's knowledge shows wherever the variant appears in this store. Versioned and never
// overwritten: a re-classification adds version n+1 and the earlier versions stay readable. Each version
// is one transaction: its row, its audit row and its sync-outbox row (entity_type 'classification',
// entity_id the variant id, entity_version the version), so central services hear of every change.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../../shared/errors.ts';
import type { AcmgClass, ScoredCriterion } from '../../../../shared/schemas/diagnosis.ts';
import type { LabClassificationRecord, VariantIdentity } from '../../../../shared/schemas/diagnosis-workspace.ts';
import type { Store } from '../../db/connection.ts';
import { inTransaction } from '../../db/transaction.ts';
import { writeAudit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import { writeOutbox } from '../outbox.ts';
import { classifyOrThrow } from '../diagnosis/acmg-classifier.ts';
import { variantKey } from '../diagnosis/rank-candidates.ts';
import { normaliseChrom, trimAllele } from '../vcf/normalise-allele.ts';

export const CLASSIFICATION_ENTITY = 'classification';

interface ClassificationRow {
  id: string;
  variant_id: string;
  build: 'GRCh37' | 'GRCh38';
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  version: number;
  acmg_class: AcmgClass;
  points: number;
  criteria: string;
  explanation: string;
  comment: string;
  gene: string | null;
  transcript: string | null;
  hgvsc: string | null;
  hgvsp: string | null;
  patient_id: string | null;
  analysis_id: string | null;
  created_at: string;
  created_by: string;
}

export interface ClassificationDraft {
  variant: VariantIdentity;
  criteria: readonly unknown[];
  comment: string;
  gene?: string;
  transcript?: string;
  hgvsc?: string;
  hgvsp?: string;
  patientId?: string;
  analysisId?: string;
  basedOnVersion?: number;
}

/** The variant as every patient's import stores it: chr-prefixed contig, alleles trimmed. */
export function normaliseIdentity(v: VariantIdentity): VariantIdentity {
  const t = trimAllele(v.pos, v.ref, v.alt);
  return { build: v.build, chrom: normaliseChrom(v.chrom), pos: t.pos, ref: t.ref, alt: t.alt };
}

export function variantIdOf(v: VariantIdentity): string {
  const n = normaliseIdentity(v);
  return `${n.build}:${variantKey(n)}`;
}

function toRecord(r: ClassificationRow): LabClassificationRecord {
  return {
    id: r.id,
    variantId: r.variant_id,
    key: variantKey(r),
    build: r.build,
    chrom: r.chrom,
    pos: r.pos,
    ref: r.ref,
    alt: r.alt,
    version: r.version,
    acmgClass: r.acmg_class,
    points: r.points,
    criteria: JSON.parse(r.criteria) as ScoredCriterion[],
    explanation: r.explanation,
    comment: r.comment,
    gene: r.gene,
    transcript: r.transcript,
    hgvsc: r.hgvsc,
    hgvsp: r.hgvsp,
    patientId: r.patient_id,
    analysisId: r.analysis_id,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export type ClassificationStore = ReturnType<typeof createClassificationStore>;

export function createClassificationStore({ store, actor, clock, onCommitted = () => {} }: { store: Store; actor: string; clock: Clock; onCommitted?: () => void }) {
  const { sqlite } = store;
  const versionsOf = sqlite.prepare('SELECT * FROM diagnosis_classifications WHERE variant_id = ? ORDER BY version DESC');
  const latestOf = sqlite.prepare('SELECT * FROM diagnosis_classifications WHERE variant_id = ? ORDER BY version DESC LIMIT 1');
  const patientExists = sqlite.prepare('SELECT 1 FROM patients WHERE id = ?').pluck();
  const insert = sqlite.prepare(
    `INSERT INTO diagnosis_classifications (id, variant_id, build, chrom, pos, ref, alt, version, acmg_class, points, criteria, explanation, comment,
       gene, transcript, hgvsc, hgvsp, patient_id, analysis_id, created_at, created_by)
     VALUES (@id, @variantId, @build, @chrom, @pos, @ref, @alt, @version, @acmgClass, @points, @criteria, @explanation, @comment,
       @gene, @transcript, @hgvsc, @hgvsp, @patientId, @analysisId, @createdAt, @createdBy)`,
  );

  function current(variantId: string): LabClassificationRecord | null {
    const row = latestOf.get(variantId) as ClassificationRow | undefined;
    return row ? toRecord(row) : null;
  }

  return {
    current,
    history: (variantId: string): LabClassificationRecord[] => (versionsOf.all(variantId) as ClassificationRow[]).map(toRecord),

    /** The current version for each of these variant ids that has one (one indexed lookup each). */
    currentFor(variantIds: Iterable<string>): Map<string, LabClassificationRecord> {
      const out = new Map<string, LabClassificationRecord>();
      for (const id of new Set(variantIds)) {
        const c = current(id);
        if (c) out.set(id, c);
      }
      return out;
    },

    save(draft: ClassificationDraft): LabClassificationRecord {
      const comment = draft.comment.trim();
      if (!comment) {
        throw new AppError('diagnosis/classification-incomplete', 'Add a comment saying why this classification was made (the evidence behind the criteria).', {
          field: 'comment',
        });
      }
      // A conflict (e.g. BA1 with pathogenic evidence) is diagnosis/conflicting-criteria: never a silent class.
      const result = classifyOrThrow(draft.criteria);
      if (draft.patientId && !patientExists.get(draft.patientId)) {
        throw new AppError('patients/not-found', 'No patient with this id is registered.', { id: draft.patientId });
      }
      const v = normaliseIdentity(draft.variant);
      const variantId = `${v.build}:${variantKey(v)}`;
      const at = clock.now().toISOString();
      const saved = inTransaction(sqlite, () => {
        const before = current(variantId);
        const seen = before?.version;
        if (seen !== draft.basedOnVersion) {
          throw new AppError(
            'diagnosis/classification-stale',
            before
              ? `Version ${before.version} of this variant's classification (${before.acmgClass}, by ${before.createdBy}) was saved after the one you were looking at. Review it, then classify again.`
              : 'This variant has no saved classification to re-classify; reload it.',
            { variantId, basedOnVersion: draft.basedOnVersion ?? null, currentVersion: seen ?? null },
          );
        }
        const version = (before?.version ?? 0) + 1;
        const row = {
          id: randomUUID(),
          variantId,
          ...v,
          version,
          acmgClass: result.acmgClass,
          points: result.points,
          criteria: JSON.stringify(result.criteria),
          explanation: result.explanation,
          comment,
          gene: draft.gene ?? null,
          transcript: draft.transcript ?? null,
          hgvsc: draft.hgvsc ?? null,
          hgvsp: draft.hgvsp ?? null,
          patientId: draft.patientId ?? null,
          analysisId: draft.analysisId ?? null,
          createdAt: at,
          createdBy: actor,
        };
        insert.run(row);
        writeAudit(sqlite, {
          at,
          actor,
          entityType: CLASSIFICATION_ENTITY,
          entityId: variantId,
          action: version === 1 ? 'classify' : 'reclassify',
          changes: {
            version,
            acmgClass: before ? [before.acmgClass, result.acmgClass] : result.acmgClass,
            points: result.points,
            criteria: result.criteria.map((c) => `${c.code}:${c.strength}`),
            comment,
            patientId: row.patientId,
            analysisId: row.analysisId,
          },
        });
        writeOutbox(sqlite, { entityType: CLASSIFICATION_ENTITY, entityId: variantId, op: version === 1 ? 'create' : 'update', entityVersion: version, createdAt: at });
        return current(variantId)!;
      });
      onCommitted();
      return saved;
    },
  };
}
