// Annotation on the command line (CLI.md, issue 7 §6):
//   annotate --patient PATIENT [--import ID] [--rerun] [--all] [--limit N]   annotate the stored imports, print them
//   annotate --patient PATIENT --panel ID[@VERSION] …                         ranked candidates (the diagnosis work's)
//   annotate --vcf FILE --gff3 FILE --fasta FILE [--clinvar FILE]             one-off run from files, nothing stored
//   annotate runs --patient PATIENT [--import ID]                             every run kept, current or replaced
//   annotate delete-run --patient PATIENT RUN_ID                              delete a replaced run (audited)
import { AppError, isAppError } from '../../../shared/errors.ts';
import type { AnnotatedVariant } from '../../../shared/schemas/annotation.ts';
import type { AnnotatedVariantRow } from '../../../shared/schemas/annotation-runs.ts';
import type { VariantFrequencyResult } from '../../../shared/schemas/frequency.ts';
import { VARIANT_PAGE_MAX } from '../../../shared/vcf-constants.ts';
import type { Command } from '../command.ts';
import { StreamedDocument } from '../json-stream.ts';
import { annotatePanelOptions, runPanelCandidates } from './diagnosis.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return Number.MAX_SAFE_INTEGER;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new AppError('cli/usage', `--limit must be a whole number of 1 or more, not "${raw}".`, { option: 'limit', value: raw });
  return Number(raw);
}

/** One stored variant as `annotate --patient` prints it: the variant row, the transcript shown, every transcript. */
function printable(row: AnnotatedVariantRow, full: AnnotatedVariant | undefined, frequency: VariantFrequencyResult) {
  const { annotation, ...variant } = row;
  return {
    ...variant,
    gene: annotation?.gene ?? null,
    transcript: annotation?.transcript ?? null,
    hgvsc: annotation?.hgvsc ?? null,
    hgvsp: annotation?.hgvsp ?? null,
    consequence: annotation?.terms[0] ?? null,
    terms: annotation?.terms ?? [],
    impact: annotation?.impact ?? null,
    mostSevereConsequence: annotation?.mostSevere ?? null,
    maneSelect: annotation?.maneSelect ?? false,
    annotationSource: annotation?.source ? { tool: annotation.source, version: annotation.sourceVersion } : null,
    clinvar: full?.clinvar ?? null,
    // From the active gnomAD frequency pack of the import's build (CLI.md): null with "not-seen" or "no-pack".
    ...frequency,
    consequences: full?.consequences ?? [],
    vcfAnnotations: full?.vcfAnnotations ?? [],
    annotationError: annotation?.error ?? null,
  };
}

function patientRef(values: Record<string, unknown>, command: string): string {
  const ref = str(values.patient);
  if (!ref) throw new AppError('cli/missing-argument', `annotate ${command} needs --patient PATIENT (id or NHS number).`, { option: 'patient' });
  return ref;
}

export const annotateCommands: Command[] = [
  // Before `annotate` itself: the first command whose words match is the one run.
  {
    words: ['annotate', 'runs'],
    usage: 'genodesk annotate runs --patient PATIENT [--import ID]',
    options: { patient: { type: 'string' }, import: { type: 'string' } },
    positionals: { min: 0, max: 0, names: '' },
    async run({ values, app }) {
      const genodesk = await app();
      const patient = genodesk.patients.resolve(patientRef(values, 'runs'));
      const importId = str(values.import);
      const imports = genodesk.imports
        .listImports({ patientId: patient.id })
        .filter((imp) => imp.status === 'complete' && (importId === undefined || imp.id === importId));
      if (importId !== undefined && imports.length === 0) {
        throw new AppError('vcf/import-not-found', 'This patient has no complete import with this id.', { importId, patientId: patient.id });
      }
      // Earlier runs stay readable until deleted deliberately (issue 15): a lab pruning disk lists them here.
      return { runs: imports.flatMap((imp) => genodesk.annotation.runsOf(imp.id)) };
    },
  },
  {
    words: ['annotate', 'delete-run'],
    usage: 'genodesk annotate delete-run --patient PATIENT RUN_ID',
    options: { patient: { type: 'string' } },
    positionals: { min: 1, max: 1, names: 'RUN_ID' },
    async run({ values, positionals, app }) {
      const genodesk = await app();
      const patient = genodesk.patients.resolve(patientRef(values, 'delete-run'));
      // Only a run a newer one replaced: the current run is refused (annotate/run-is-current), as in the app.
      return genodesk.annotation.deleteEarlierRun({ patientId: patient.id, runId: positionals[0] });
    },
  },
  {
    words: ['annotate'],
    usage:
      'genodesk annotate --patient PATIENT [--import ID] [--rerun] [--all] [--limit N] [--progress json]\n' +
      '         genodesk annotate --patient PATIENT --panel ID[@VERSION] [--panel …] [--import ID] [--min-gq N] [--min-dp N] [--any-filter] [--all-tier3]\n' +
      '         genodesk annotate --vcf FILE --gff3 FILE --fasta FILE [--clinvar FILE]',
    options: {
      ...annotatePanelOptions,
      rerun: { type: 'boolean' },
      all: { type: 'boolean' },
      limit: { type: 'string' },
      vcf: { type: 'string' },
      gff3: { type: 'string' },
      fasta: { type: 'string' },
      clinvar: { type: 'string' },
    },
    positionals: { min: 0, max: 0, names: '' },
    async run(ctx) {
      const { values, app, progress, signal } = ctx;
      const vcf = str(values.vcf);
      if (vcf) {
        if (values.patient !== undefined) throw new AppError('cli/usage', 'Give either --vcf FILE (nothing stored) or --patient PATIENT, not both.', { option: 'vcf' });
        const gff3 = str(values.gff3);
        const fasta = str(values.fasta);
        if (!gff3 || !fasta) {
          throw new AppError('cli/missing-argument', 'annotate --vcf needs --gff3 FILE and --fasta FILE of the same genome build.', { option: gff3 ? 'fasta' : 'gff3' });
        }
        const variants: AnnotatedVariant[] = [];
        // Loaded here, not at start-up (CLI start-up budget): only this form of the command reads files.
        const { annotateVcfFile } = await import('../../main/services/annotation/annotate-vcf-file.ts');
        const result = await annotateVcfFile({
          vcf,
          gff3,
          fasta,
          clinvar: str(values.clinvar),
          signal,
          onVariant: (v) => variants.push(v),
          onProgress: (p) => progress({ ...p, message: `${p.records.toLocaleString('en-GB')} records · ${p.alleles.toLocaleString('en-GB')} alleles` }),
        });
        if (signal.aborted) throw new AppError('annotate/cancelled', 'Annotation was cancelled.', { vcf });
        return { variants, summary: result.summary };
      }
      if (values.panel !== undefined) return runPanelCandidates(ctx);
      const ref = str(values.patient);
      if (!ref) {
        throw new AppError('cli/missing-argument', 'annotate needs --patient PATIENT (id or NHS number), or --vcf FILE --gff3 FILE --fasta FILE.', { option: 'patient' });
      }
      const limit = parseLimit(str(values.limit));
      const genodesk = await app();
      const patient = genodesk.patients.resolve(ref);
      const importId = str(values.import);
      const annotation = await genodesk.annotation.annotate(
        { patientId: patient.id, importId, rerun: values.rerun === true },
        {
          signal,
          onProgress: (p) =>
            progress({
              ...p,
              message: `${p.phase} · ${p.done.toLocaleString('en-GB')} of ${p.total.toLocaleString('en-GB')} variants · ${Math.round(p.variantsPerSecond).toLocaleString('en-GB')} variants/s`,
            }),
        },
      );
      // By default only variants with something to say (a transcript, ClinVar, a refusal); --all prints every one.
      const builds = new Map(genodesk.listImportsForPatient(patient.id).map((i) => [i.id, i.build]));
      const readers = new Map<string, ReturnType<typeof genodesk.frequency.reader>>();
      const frequencyOf = (row: AnnotatedVariantRow): VariantFrequencyResult => {
        let read = readers.get(row.importId);
        if (!read) {
          const build = builds.get(row.importId);
          read = build ? genodesk.frequency.reader(build) : () => ({ frequency: null, frequencyStatus: 'no-pack' as const, frequencyPack: null });
          readers.set(row.importId, read);
        }
        return read(row);
      };
      let total = 0;
      // Page by page, each page written before the next is read: a whole genome never sits in memory.
      function* variants(): Generator<ReturnType<typeof printable>> {
        let printed = 0;
        for (let offset = 0; printed < limit; offset += VARIANT_PAGE_MAX) {
          const { page, full } = genodesk.annotation.queryVariantsWithAnnotations({
            patientId: patient.id,
            importId,
            annotatedOnly: values.all === true ? undefined : true,
            offset,
            limit: Math.min(VARIANT_PAGE_MAX, limit - printed),
          });
          total = page.total;
          for (const row of page.variants) {
            printed++;
            yield printable(row, full.get(row.id), frequencyOf(row));
          }
          if (page.variants.length === 0 || offset + VARIANT_PAGE_MAX >= total) break;
        }
      }
      const saved = annotation.runs.map((r) => r.id);
      return new StreamedDocument(async (doc) => {
        try {
          await doc.array('variants', variants());
        } catch (err) {
          // The runs were committed before printing began: the error must not say that nothing was saved.
          const reason = isAppError(err) ? err.message : (err as Error)?.message ?? String(err);
          throw new AppError('annotate/print-failed', `The annotation was saved (${saved.length} run${saved.length === 1 ? '' : 's'}), but printing its variants failed: ${reason}`, {
            savedRuns: saved,
            ...(isAppError(err) ? { cause: err.code } : {}),
          });
        }
        await doc.value('total', total);
        await doc.value('annotation', annotation);
      });
    },
  },
];
