// The pharmacogenomics service over the store: PGx from a patient's stored import (plus the outside calls
// kept for them), outside-call import, and saved results and clinician reports. The engine (pgx-engine.ts)
// stays pure; this is where the store, the audit trail and the sync outbox come in. No electron imports:
// the app, the CLI and the tests share it.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/errors.ts';
import { formatNhsNumber } from '../../../../shared/nhs-number.ts';
import type {
  PgxGenotypeSourceInfo,
  PgxMatchOptionsInput,
  PgxOutsideCallFile,
  PgxSavedResult,
  PgxStoredOutsideCall,
  PgxStoredRun,
  PgxWarning,
} from '../../../../shared/schemas/pgx.ts';
import type { ImportRecord } from '../../../../shared/schemas/vcf.ts';
import type { Store } from '../../db/connection.ts';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { createMutator } from '../mutator.ts';
import { parseOutsideCalls, type ValidatedOutsideCall } from './outside-calls.ts';
import type { PgxData } from './pgx-data.ts';
import { matchOptions, pgxPositionIndex, runPgx } from './pgx-engine.ts';
import { currentOutsideCalls, insertOutsideCallFile, insertResult, listResults, readResult } from './pgx-store.ts';
import type { PgxReportOptions } from './report-pdf.ts';
import { genotypeSourceFromImport, pgxImportFor } from './store-genotype-source.ts';

export interface PgxServiceDeps {
  store: Store;
  /** Who acts, as the audit trail records it. */
  actor: string;
  clock?: Clock;
  /**
   * The reference bundle, built by composition from the resources folder it was given. A factory is
   * called on first use, so a missing bundle fails PGx requests (pgx/data-missing), not the app's start.
   */
  data: PgxData | (() => PgxData);
  /** After a committed change central services must hear of (a report): the sync scheduler listens. */
  onCommitted?: () => void;
  /** Organisation named on reports. */
  organisation?: string;
  /** Hook: page-1 section of a patient's report (the medication review, services/medicines), set by composition. */
  reportFirstPage?: (patientId: string) => PgxReportOptions['firstPageSection'];
  /** Hook: after a patient's outside calls were imported (the PGx result changed), after commit. */
  onOutsideCalls?: (patientId: string) => void;
}

export interface PgxRunRequest {
  importId?: string;
  options?: PgxMatchOptionsInput;
}

/** An outside-call file is a few lines; anything this large is not one. */
const MAX_OUTSIDE_CALL_BYTES = 1 << 20;

export type PgxService = ReturnType<typeof createPgxService>;

export function createPgxService({ store, actor, clock = systemClock, data: dataOrFactory, onCommitted = () => {}, organisation, reportFirstPage, onOutsideCalls }: PgxServiceDeps) {
  const mutate = createMutator({ store, actor, clock, onCommitted });
  const { sqlite } = store;
  let loaded: PgxData | null = typeof dataOrFactory === 'function' ? null : dataOrFactory;
  const pgxData = (): PgxData => (loaded ??= (dataOrFactory as () => PgxData)());
  const patientById = sqlite.prepare('SELECT id, nhs_number AS nhsNumber, family_name AS familyName, given_name AS givenName, birth_date AS birthDate, sex FROM patients WHERE id = ?');

  function requirePatient(patientId: string): { id: string; nhsNumber: string; familyName: string; givenName: string; birthDate: string; sex: string } {
    const p = patientById.get(patientId) as ReturnType<typeof requirePatient> | undefined;
    if (!p) throw new AppError('patients/not-found', 'No patient with this id is registered.', { id: patientId });
    return p;
  }

  /**
   * Stored calls are re-validated against the reference data in use now: a bundle update that no longer
   * knows an allele must say so, not quietly drop the call.
   */
  function validatedOutsideCalls(stored: readonly PgxStoredOutsideCall[]): ValidatedOutsideCall[] {
    return stored.map((c) => {
      // Blank lines first so the parser's messages name the line of the original file.
      const text = '\n'.repeat(c.line - 1) + [c.gene, c.diplotype ?? '', c.phenotype ?? '', c.activityScore ?? ''].join('\t');
      try {
        return parseOutsideCalls(text, pgxData())[0];
      } catch (err) {
        if (err instanceof AppError) {
          throw new AppError(err.code, `${c.fileName} line ${c.line}: ${err.message.replace(/^Line \d+: /, '')}`, { ...err.details, line: c.line, fileId: c.fileId, fileName: c.fileName });
        }
        throw err;
      }
    });
  }

  function sourceInfo(imp: ImportRecord, stored: readonly PgxStoredOutsideCall[]): PgxGenotypeSourceInfo {
    const files = new Map<string, PgxGenotypeSourceInfo['outsideCallFiles'][number]>();
    for (const c of stored) {
      const f = files.get(c.fileId) ?? { id: c.fileId, fileName: c.fileName, importedAt: c.importedAt, genes: [] };
      f.genes.push(c.gene);
      files.set(c.fileId, f);
    }
    return { kind: 'import', importId: imp.id, file: imp.file, fileName: imp.fileName, sample: imp.sample, importedAt: imp.importedAt, outsideCallFiles: [...files.values()] };
  }

  function compute(patientId: string, request: PgxRunRequest): { run: PgxStoredRun; imp: ImportRecord; stored: PgxStoredOutsideCall[] } {
    requirePatient(patientId);
    const imp = pgxImportFor(store, patientId, request.importId);
    const data = pgxData();
    const source = genotypeSourceFromImport(store, imp, pgxPositionIndex(data));
    const stored = currentOutsideCalls(sqlite, patientId);
    const result = runPgx({ source, outsideCalls: validatedOutsideCalls(stored), options: request.options, data });
    const byGene = new Map(stored.map((c) => [c.gene, c]));
    for (const g of result.genes) {
      const c = byGene.get(g.gene);
      if (!c || g.source !== 'outside-call') continue;
      const note: PgxWarning = {
        code: 'outside-call-source',
        severity: 'info',
        message: `${g.gene} comes from the outside-call file ${c.fileName} (line ${c.line}), imported ${c.importedAt.slice(0, 10)} by ${c.actor}, not from the sequencing file.`,
      };
      g.warnings.unshift(note);
    }
    return { run: { ...result, genotypeSource: sourceInfo(imp, stored) }, imp, stored };
  }

  function save(patientId: string, kind: 'result' | 'report', computed: ReturnType<typeof compute>, pdf: { file: string; sha256: string } | null): PgxSavedResult {
    const id = randomUUID();
    const options = computed.run.options;
    const outsideCallFileIds = computed.stored.map((c) => c.fileId).filter((id, i, all) => all.indexOf(id) === i);
    mutate(({ at, record }) => {
      insertResult(sqlite, { id, patientId, kind, importId: computed.imp.id, outsideCallFileIds, options, result: computed.run, pdfFile: pdf?.file ?? null, pdfSha256: pdf?.sha256 ?? null, actor, createdAt: at });
      record({
        entityType: kind === 'report' ? 'pgx-report' : 'pgx-result',
        entityId: id,
        action: 'create',
        changes: { patientId, importId: computed.imp.id, outsideCallFileIds, options, dataBundle: computed.run.dataVersions.bundle, ...(pdf ? { file: pdf.file, sha256: pdf.sha256 } : {}) },
        // A report is issued to the clinician: central services receive it (sync sends outbox rows of
        // entity_type 'pgx-report' through the ReportSource over this table). A plain saved result stays local.
        ...(kind === 'report' ? { outbox: { op: 'create' as const, entityVersion: 1 } } : {}),
      });
    });
    return readResult(sqlite, id).summary;
  }

  return {
    /** The reference bundle in use (versions, genes), loaded on first use. */
    data: pgxData,

    /** PGx for a patient from their stored import (newest complete one unless importId is given). */
    run(patientId: string, request: PgxRunRequest = {}): PgxStoredRun {
      return compute(patientId, request).run;
    },

    /** Computes and keeps a result (with its data versions, options and import) without issuing a report. */
    saveResult(patientId: string, request: PgxRunRequest = {}): PgxSavedResult {
      return save(patientId, 'result', compute(patientId, request), null);
    },

    /**
     * Computes, writes the clinician PDF to `file`, and keeps the result as an issued report with an outbox
     * row, in one transaction. The PDF is written first (to a temporary name, then renamed) so a failed
     * write leaves no report row; a failed transaction removes the PDF it wrote.
     */
    async saveReport(patientId: string, file: string, request: PgxRunRequest = {}): Promise<PgxSavedResult> {
      const out = path.resolve(file);
      if (!/\.pdf$/i.test(out)) throw new AppError('pgx/report-path-invalid', `The report file name must end in .pdf (${path.basename(out)}).`, { file: out });
      if (!fs.existsSync(path.dirname(out)) || !fs.statSync(path.dirname(out)).isDirectory()) {
        throw new AppError('pgx/report-path-invalid', `The folder ${path.dirname(out)} does not exist. Choose an existing folder for the report.`, { file: out });
      }
      const patient = requirePatient(patientId);
      const computed = compute(patientId, request);
      const now = clock.now();
      // One line in the report header (the sample has its own field; each outside-call gene is marked in the tables).
      const source = `${computed.imp.fileName}${computed.stored.length ? ' + outside calls' : ''}`;
      // pdfkit and its fonts load only when a report is written, not with the service (CLI start-up budget).
      const { renderPgxReportPdf } = await import('./report-pdf.ts');
      const bytes = await renderPgxReportPdf(
        computed.run,
        {
          name: `${patient.familyName.toUpperCase()}, ${patient.givenName}`,
          nhsNumber: formatNhsNumber(patient.nhsNumber),
          birthDate: patient.birthDate,
          sex: patient.sex,
          sampleId: computed.imp.sample ?? undefined,
        },
        { generatedAt: now, genotypeSource: source, organisation, firstPageSection: reportFirstPage?.(patientId) },
      );
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const part = `${out}.${randomUUID().slice(0, 8)}.part`;
      try {
        fs.writeFileSync(part, bytes);
        fs.renameSync(part, out);
      } catch (err) {
        fs.rmSync(part, { force: true });
        throw new AppError('pgx/report-not-written', `The report could not be written to ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Choose a folder you can write to.`, { file: out });
      }
      try {
        return save(patientId, 'report', computed, { file: out, sha256 });
      } catch (err) {
        fs.rmSync(out, { force: true });
        throw err;
      }
    },

    listResults(patientId: string): PgxSavedResult[] {
      requirePatient(patientId);
      return listResults(sqlite, patientId);
    },

    getResult(id: string) {
      return readResult(sqlite, id);
    },

    /** Imports PharmCAT's outside-call TSV for a patient: validated line by line, then kept with an audit row. */
    importOutsideCalls(patientId: string, file: string): PgxOutsideCallFile {
      requirePatient(patientId);
      const full = path.resolve(file);
      if (!fs.existsSync(full) || !fs.statSync(full).isFile()) throw new AppError('vcf/file-not-found', `The outside-call file ${full} could not be found.`, { file: full });
      const size = fs.statSync(full).size;
      if (size > MAX_OUTSIDE_CALL_BYTES) {
        throw new AppError('pgx/outside-call-malformed', `${path.basename(full)} is ${Math.round(size / 1024)} KiB; an outside-call file has one line per gene. Check this is the right file.`, { file: full, bytes: size });
      }
      const bytes = fs.readFileSync(full);
      let calls: ValidatedOutsideCall[];
      try {
        calls = parseOutsideCalls(bytes.toString('utf8'), pgxData());
      } catch (err) {
        if (err instanceof AppError) throw new AppError(err.code, `${path.basename(full)}: ${err.message}`, { ...err.details, file: full });
        throw err;
      }
      if (calls.length === 0) throw new AppError('pgx/outside-call-malformed', `${path.basename(full)} has no outside calls (only comments or blank lines).`, { file: full });
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const plain = calls.map((c) => ({ gene: c.gene, diplotype: c.diplotype, phenotype: c.phenotype, activityScore: c.activityScore, line: c.line }));
      const notInterpretable = calls.filter((c) => c.unknownAlleles.length > 0).map((c) => c.gene);
      // Audited, not synced: the laboratory's file stays local; the report built from it is what is sent.
      const row = mutate(({ at, record }) => {
        const r = { id: randomUUID(), patientId, file: full, fileName: path.basename(full), sha256, actor, importedAt: at };
        insertOutsideCallFile(sqlite, r, plain);
        record({ entityType: 'pgx-outside-call-file', entityId: r.id, action: 'import', changes: { patientId, file: full, sha256, calls: plain, notInterpretable } });
        return r;
      });
      onOutsideCalls?.(patientId);
      return { ...row, calls: plain, notInterpretable };
    },

    /** The outside calls in force for a patient (per gene, from the newest file that has one). */
    outsideCalls(patientId: string): PgxStoredOutsideCall[] {
      requirePatient(patientId);
      return currentOutsideCalls(sqlite, patientId);
    },

    matchOptions,
  };
}
