// Annotation of stored imports: the store holds, per variant and transcript, exactly what annotateVcfFile
// gives for the same file and packs (GenoDesk's own consequences, the VCF's VEP CSQ with its tool version,
// ClinVar matches), made in the worker; runs replace each other atomically; cancellation, REF mismatches,
// build mismatches and missing packs behave as issue 7 requires; the browser's filters select what the
// stored annotation says.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { validNhsNumbers } from '../../helpers/nhs-numbers.ts';
import {
  DEMO_CLINVAR,
  DEMO_TRANSCRIPTS,
  NA12878_GRCH37,
  NA12878_GRCH38,
  VEP_CSQ_VCF,
  makeVepTestWithClinvar,
} from '../../helpers/annotation-vcfs.ts';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { annotateVcfFile } from '../../../electron/main/services/annotation/annotate-vcf-file.ts';
import type { AnnotatedVariant } from '../../../shared/schemas/annotation.ts';
import { annotatedVariantPageSchema, variantDetailSchema } from '../../../shared/schemas/annotation-runs.ts';
import type { AppError } from '../../../shared/errors.ts';
import { createAnnotationWriter } from '../../../electron/main/services/annotation-store/annotation-writer.ts';
import { turnsDuring } from '../../helpers/event-loop-turns.ts';

const tmp = makeTempDir('genodesk-annotation-store-');
let app: GenoDesk;
let patientId: string;
const nhs = validNhsNumbers();
let nextNhs = 0;

function newPatient(): string {
  return app.patients.create({ nhsNumber: nhs.next().value as string, familyName: 'Store', givenName: `Test${++nextNhs}`, birthDate: '1970-01-01' }).id;
}

function stored(importId: string): AnnotatedVariant[] {
  const out: AnnotatedVariant[] = [];
  for (const s of app.annotation.storedAnnotations(importId)) if (s.annotated) out.push(s.annotated);
  return out;
}

async function fromFile(vcf: string, clinvar = true): Promise<AnnotatedVariant[]> {
  const r = await annotateVcfFile({ vcf, packs: { transcripts: DEMO_TRANSCRIPTS, clinvar: clinvar ? DEMO_CLINVAR : undefined } });
  return r.variants ?? [];
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: AppError) => e,
  );
}

beforeAll(async () => {
  app = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'tester' });
  patientId = newPatient();
  await app.packs.install({ builtInId: 'grch38-chr21-ensembl84-demo' });
  await app.packs.install({ builtInId: 'clinvar-20211025-grch38-testset' });
});
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

describe('annotation of a stored import', () => {
  it('agrees with annotateVcfFile on the same file: Ensembl VEP’s chr21 test input plus two ClinVar records', async () => {
    const vcf = makeVepTestWithClinvar(tmp.dir);
    const imp = await app.imports.importVcf({ file: vcf, patientId });
    const progress: string[] = [];
    const result = await app.annotation.annotate({ patientId, importId: imp.id }, { onProgress: (p) => progress.push(p.phase) });
    expect(progress[0]).toBe('loading');
    expect(progress[progress.length - 1]).toBe('finishing');
    const run = result.runs[0];
    expect(run.packs.map((p) => p.id)).toEqual(['grch38-chr21-ensembl84-demo', 'clinvar-20211025-grch38-testset']);
    expect(run.variants).toBe(imp.variants);

    const expected = await fromFile(vcf);
    const got = stored(imp.id);
    expect(got).toHaveLength(expected.length);
    expect(got).toEqual(expected);
    // The two ClinVar records (2021-10-25 release): variation 433140 Pathogenic, 713837 Likely benign.
    expect(got.filter((v) => v.clinvar).map((v) => [v.pos, v.clinvar?.variationId, v.clinvar?.significance])).toEqual([
      [6116503, '433140', 'Pathogenic'],
      [10541121, '713837', 'Likely benign'],
    ]);
    expect(run.clinvarMatches).toBe(2);
    expect(run.inTranscripts).toBe(expected.filter((v) => v.consequences.some((c) => !c.terms[0].endsWith('stream_gene_variant'))).length);
  });

  it('agrees with annotateVcfFile on the NA12878 GRCh38 chr21 calls (Platinum Genomes, 65,370 records)', async () => {
    const p = newPatient();
    const imp = await app.imports.importVcf({ file: NA12878_GRCH38, patientId: p });
    const t0 = performance.now();
    const { runs } = await app.annotation.annotate({ patientId: p });
    const seconds = (performance.now() - t0) / 1000;
    console.log(`annotated ${runs[0].variants} stored variants in ${seconds.toFixed(2)} s (${Math.round(runs[0].variants / seconds)} variants/s, worker + store)`);
    const expected = await fromFile(NA12878_GRCH38);
    const got = stored(imp.id);
    expect(got.length).toBe(expected.length);
    expect(got).toEqual(expected);
    expect(runs[0].referenceMismatches).toBe(0);
  });

  it('stores the VCF’s own VEP CSQ per transcript with the tool and version of its header', async () => {
    const p = newPatient();
    // Its header names no reference and its contig no length; the ##VEP line says cache 110_GRCh38.
    const imp = await app.imports.importVcf({ file: VEP_CSQ_VCF, patientId: p, build: 'GRCh38' });
    const { runs } = await app.annotation.annotate({ patientId: p });
    // The file's header: ##VEP="v110" …
    expect(runs[0].vcfTools).toEqual([{ tool: 'VEP', version: 'v110', field: 'CSQ' }]);
    const expected = await fromFile(VEP_CSQ_VCF);
    const got = stored(imp.id);
    expect(got).toEqual(expected);
    expect(got.every((v) => (v.vcfAnnotations ?? []).length > 0)).toBe(true);
    const page = app.annotation.queryVariants({ patientId: p });
    annotatedVariantPageSchema.parse(page);
    // Outside the demo pack's genes: the browser shows VEP's transcript, labelled as VEP's.
    for (const v of page.variants) expect(v.annotation).toMatchObject({ source: 'VEP', sourceVersion: 'v110' });
    const detail = app.annotation.variantDetail({ patientId: p, variantId: page.variants[0].id });
    variantDetailSchema.parse(detail);
    expect(detail.annotation?.vcfAnnotations?.[0]).toMatchObject({ tool: 'VEP', version: 'v110', field: 'CSQ' });
  });

  it('filters the variant browser by consequence, impact, ClinVar class and annotated gene', async () => {
    const imp = app.imports.listImports({ patientId })[0];
    const all = stored(imp.id);
    const count = (f: (v: AnnotatedVariant) => boolean) => all.filter(f).length;
    const q = (extra: object) => app.annotation.queryVariants({ patientId, limit: 1000, ...extra });
    const missense = q({ consequence: ['missense_variant'] });
    expect(missense.total).toBe(count((v) => v.consequences.some((c) => c.terms.includes('missense_variant'))));
    expect(missense.total).toBeGreaterThan(0);
    for (const v of missense.variants) expect(v.annotation?.mostSevere).toBeDefined();
    expect(q({ impact: ['HIGH'] }).total).toBe(count((v) => v.consequences.some((c) => c.impact === 'HIGH')));
    expect(q({ clinvar: ['pathogenic'] }).variants.map((v) => v.pos)).toEqual([6116503]);
    expect(q({ clinvar: ['likely-benign', 'benign'] }).variants.map((v) => v.pos)).toEqual([10541121]);
    expect(q({ annotatedGene: 'MRPL39' }).total).toBe(count((v) => v.consequences.some((c) => c.gene === 'MRPL39')));
    expect(q({ annotatedOnly: true }).total).toBe(count((v) => v.consequences.length > 0 || v.clinvar !== null || v.error !== undefined));
    // Combined with the import's own filters (region).
    expect(q({ consequence: ['missense_variant'], region: 'chr21:25585000-25600000' }).total).toBe(
      count((v) => v.pos >= 25585000 && v.pos <= 25600000 && v.consequences.some((c) => c.terms.includes('missense_variant'))),
    );
    // The transcript shown is the annotator's first (MANE Select first, then canonical, then most severe).
    const first = missense.variants[0];
    const full = all.find((v) => v.pos === first.pos && v.alt === first.alt) as AnnotatedVariant;
    expect(first.annotation).toMatchObject({ source: 'GenoDesk', transcript: full.consequences[0].transcript, hgvsc: full.consequences[0].hgvsc });
  });

  it('works a new filter out chunk by chunk for the app, handing the event loop back, and gives the same page', async () => {
    // A second app whose slices are as short as can be: it yields after every chunk of the packed run.
    const sliced = createGenoDesk({ dataDir: path.join(tmp.dir, 'sliced'), dbKey: 'k', actor: 'tester', filterSliceMs: 0 });
    try {
      await sliced.packs.install({ builtInId: 'grch38-chr21-ensembl84-demo' });
      const p = sliced.patients.create({ nhsNumber: nhs.next().value as string, familyName: 'Sliced', givenName: 'Test', birthDate: '1970-01-01' }).id;
      await sliced.imports.importVcf({ file: NA12878_GRCH38, patientId: p });
      await sliced.annotation.annotate({ patientId: p });
      // Outside the demo pack's 1 Mb every variant is intergenic: every chunk holds some, so every chunk is decoded.
      const query = { patientId: p, consequence: ['intergenic_variant'], limit: 50, offset: 20 };
      const { result: page, turns } = await turnsDuring(() => sliced.annotation.queryVariantsYielding(query));
      // NA12878's 65,370 chr21 records are 32 chunks; a single synchronous pass would let no turn run.
      expect(turns).toBeGreaterThan(10);
      expect(page.total).toBeGreaterThan(70);
      expect(page).toEqual(sliced.annotation.queryVariants(query));
      // Remembered: the next page of the same filter is answered without a pass of its own.
      const { result: next, turns: again } = await turnsDuring(() => sliced.annotation.queryVariantsYielding({ ...query, offset: 70 }));
      expect(again).toBe(0);
      expect(next.variants[0]).toEqual(sliced.annotation.queryVariants({ ...query, offset: 70 }).variants[0]);
    } finally {
      await sliced.close();
    }
  });

  it('re-running with new packs replaces the annotation in one switch; readers see the old one until then', async () => {
    const imp = app.imports.listImports({ patientId })[0];
    const before = app.annotation.status(patientId).imports[0];
    expect(before.upToDate).toBe(true);
    const again = await app.annotation.annotate({ patientId });
    expect(again.upToDate).toEqual([imp.id]);
    expect(again.runs[0].id).toBe(before.run?.id);

    app.packs.remove('clinvar-20211025-grch38-testset');
    expect(app.annotation.status(patientId).imports[0].upToDate).toBe(false);
    let seenDuring: number | null = null;
    const { runs } = await app.annotation.annotate(
      { patientId },
      { onProgress: (p) => p.phase === 'annotating' && seenDuring === null && (seenDuring = app.annotation.queryVariants({ patientId, clinvar: ['pathogenic'] }).total) },
    );
    expect(seenDuring).toBe(1);
    expect(runs[0].id).not.toBe(before.run?.id);
    expect(runs[0].packs.map((p) => p.id)).toEqual(['grch38-chr21-ensembl84-demo']);
    expect(app.annotation.queryVariants({ patientId, clinvar: ['pathogenic'] }).total).toBe(0);
    expect(stored(imp.id)).toEqual(await fromFile(makeVepTestWithClinvar(tmp.dir), false));
    await app.annotation.removeStaleRuns();
    const { sqlite } = app.store;
    // Issue 15: the replaced run is kept, superseded, and reads back exactly as it was (with its ClinVar matches).
    expect(sqlite.prepare('SELECT status FROM annotation_runs WHERE import_id = ? ORDER BY key').pluck().all(imp.id)).toEqual(['superseded', 'complete']);
    expect(app.annotation.runsOf(imp.id).map((r) => [r.id, r.current])).toEqual([
      [runs[0].id, true],
      [before.run?.id, false],
    ]);
    const earlier: AnnotatedVariant[] = [];
    for (const s of app.annotation.storedAnnotations(imp.id, before.run?.id)) if (s.annotated) earlier.push(s.annotated);
    expect(earlier).toEqual(await fromFile(makeVepTestWithClinvar(tmp.dir)));
    // The browser reads the earlier run by its id (the status lists it): its ClinVar match is there again,
    // in the list, in the filters and in the detail panel; the current run is unchanged.
    expect(app.annotation.status(patientId).imports[0].earlierRuns.map((r) => r.id)).toEqual([before.run?.id]);
    const old = app.annotation.queryVariants({ patientId, runId: before.run?.id, clinvar: ['pathogenic'] });
    expect(old.total).toBe(1);
    expect(old.variants[0].annotation?.clinvar?.class).toBe('pathogenic');
    expect(app.annotation.variantDetail({ patientId, variantId: old.variants[0].id, runId: before.run?.id }).annotation?.clinvar?.significance).toBe('Pathogenic');
    expect(app.annotation.variantDetail({ patientId, variantId: old.variants[0].id }).annotation?.clinvar).toBeNull();
    expect(app.annotation.queryVariants({ patientId, clinvar: ['pathogenic'] }).total).toBe(0);
    expect(app.annotation.queryVariants({ patientId, runId: before.run?.id }).total).toBe(app.annotation.queryVariants({ patientId }).total);
    expect(() => app.annotation.queryVariants({ patientId, runId: 'no-such-run' })).toThrow(expect.objectContaining({ code: 'annotate/run-not-found' }));
    const runKeys = sqlite.prepare('SELECT key FROM annotation_runs').pluck().all() as number[];
    for (const t of ['variant_annotations', 'variant_transcript_annotations', 'variant_clinvar', 'annotation_chunks']) {
      expect(sqlite.prepare(`SELECT count(*) FROM ${t} WHERE run_key NOT IN (${runKeys.join(',')})`).pluck().get()).toBe(0);
    }
    const audit = app.audit.list('import', imp.id).filter((a) => a.action === 'annotate');
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(audit[0].changes).toMatchObject({ runId: runs[0].id, replaced: [expect.any(String)] });

    // Deleting the replaced run deliberately: audited, gone from every reader and from the chunk table; the
    // current run cannot be deleted; a deletion a crash interrupted ('deleting') is finished at the next start.
    const oldKey = sqlite.prepare('SELECT key FROM annotation_runs WHERE id = ?').pluck().get(before.run?.id) as number;
    expect(sqlite.prepare('SELECT count(*) FROM annotation_chunks WHERE run_key = ?').pluck().get(oldKey)).toBeGreaterThan(0);
    await expect(app.annotation.deleteEarlierRun({ patientId, runId: runs[0].id })).rejects.toMatchObject({ code: 'annotate/run-is-current' });
    await expect(app.annotation.deleteEarlierRun({ patientId, runId: before.run!.id })).resolves.toEqual({ deleted: before.run?.id });
    expect(sqlite.prepare('SELECT count(*) FROM annotation_chunks WHERE run_key = ?').pluck().get(oldKey)).toBe(0);
    expect(sqlite.prepare('SELECT count(*) FROM annotation_runs WHERE key = ?').pluck().get(oldKey)).toBe(0);
    expect(app.annotation.status(patientId).imports[0].earlierRuns).toEqual([]);
    expect(() => app.annotation.queryVariants({ patientId, runId: before.run?.id })).toThrow(expect.objectContaining({ code: 'annotate/run-not-found' }));
    await expect(app.annotation.deleteEarlierRun({ patientId, runId: before.run!.id })).rejects.toMatchObject({ code: 'annotate/run-not-found' });
    expect(app.audit.list('import', imp.id).find((a) => a.action === 'delete-annotation-run')?.changes).toMatchObject({ runId: before.run?.id, patientId });
    expect(app.annotation.queryVariants({ patientId }).total).toBe(134);
    const interrupted = await app.annotation.annotate({ patientId, rerun: true });
    const halfDeleted = sqlite.prepare('SELECT key FROM annotation_runs WHERE id = ?').pluck().get(runs[0].id) as number;
    expect(interrupted.runs[0].id).not.toBe(runs[0].id);
    sqlite.prepare("UPDATE annotation_runs SET status = 'deleting' WHERE key = ?").run(halfDeleted);
    expect(await app.annotation.removeStaleRuns()).toEqual({ removed: 1 });
    expect(sqlite.prepare('SELECT count(*) FROM annotation_chunks WHERE run_key = ?').pluck().get(halfDeleted)).toBe(0);
    await app.packs.install({ builtInId: 'clinvar-20211025-grch38-testset' });
  });

  it('a cancelled run keeps the previous annotation and leaves none of its own rows', async () => {
    const imp = app.imports.listImports({ patientId })[0];
    const previous = app.annotation.status(patientId).imports[0].run;
    const controller = new AbortController();
    const e = await failure(
      app.annotation.annotate({ patientId, rerun: true }, { signal: controller.signal, onProgress: (p) => p.phase === 'annotating' && controller.abort() }),
    );
    expect(e.code).toBe('annotate/cancelled');
    expect(app.annotation.status(patientId).imports[0].run?.id).toBe(previous?.id);
    expect(app.store.sqlite.prepare("SELECT count(*) FROM annotation_runs WHERE import_id = ? AND status = 'running'").pluck().get(imp.id)).toBe(0);
    const keys = app.store.sqlite.prepare("SELECT key FROM annotation_runs WHERE status IN ('complete', 'superseded')").pluck().all() as number[];
    expect(app.store.sqlite.prepare(`SELECT count(*) FROM annotation_chunks WHERE run_key NOT IN (${keys.join(',')})`).pluck().get()).toBe(0);
  });

  it('counts and refuses variants whose REF contradicts the pack’s FASTA', async () => {
    const p = newPatient();
    const lines = zlib.gunzipSync(fs.readFileSync(NA12878_GRCH38)).toString().split('\n');
    const header = lines.filter((l) => l.startsWith('#'));
    const body = lines.filter((l) => l && !l.startsWith('#') && /\t2560\d{4}\t/.test(l)).slice(0, 60);
    const flip: Record<string, string> = { A: 'C', C: 'G', G: 'T', T: 'A' };
    let wrong = 0;
    const altered = body.map((l, i) => {
      const f = l.split('\t');
      if (i % 6 !== 0 || f[3].length !== 1 || f[4].includes(',')) return l;
      f[3] = flip[f[3]];
      if (f[4] === f[3]) f[4] = flip[f[3]];
      wrong++;
      return f.join('\t');
    });
    const vcf = path.join(tmp.dir, 'wrong-ref.vcf');
    fs.writeFileSync(vcf, [...header, ...altered].join('\n') + '\n');
    await app.imports.importVcf({ file: vcf, patientId: p });
    const { runs } = await app.annotation.annotate({ patientId: p });
    expect(wrong).toBeGreaterThan(3);
    expect(runs[0].referenceMismatches).toBe(wrong);
    expect(runs[0].warnings).toEqual([expect.objectContaining({ code: 'annotate/reference-mismatch', details: expect.objectContaining({ count: wrong }) })]);
    const page = app.annotation.queryVariants({ patientId: p, limit: 1000 });
    expect(page.variants.filter((v) => v.annotation?.error?.code === 'annotate/reference-mismatch')).toHaveLength(wrong);

    // Most REFs contradicting the FASTA: not this file's reference, nothing stored.
    const q = newPatient();
    const mostly = path.join(tmp.dir, 'mostly-wrong.vcf');
    fs.writeFileSync(
      mostly,
      [
        ...header,
        ...body.map((l) => {
          const f = l.split('\t');
          if (f[3].length !== 1 || f[4].includes(',')) return l;
          f[3] = flip[f[3]];
          if (f[4] === f[3]) f[4] = flip[f[3]];
          return f.join('\t');
        }),
      ].join('\n') + '\n',
    );
    await app.imports.importVcf({ file: mostly, patientId: q });
    const e = await failure(app.annotation.annotate({ patientId: q }));
    expect(e.code).toBe('annotate/reference-mismatch');
    expect(app.annotation.status(q).imports[0].run).toBeNull();
  });

  it('refuses a GRCh37 import against GRCh38 packs, and annotation without packs', async () => {
    const p = newPatient();
    await app.imports.importVcf({ file: NA12878_GRCH37, patientId: p });
    const e = await failure(app.annotation.annotate({ patientId: p }));
    expect(e.code).toBe('annotate/build-mismatch');
    expect(e.details).toMatchObject({ importBuild: 'GRCh37', packBuilds: ['GRCh38'] });

    const other = createGenoDesk({ dataDir: path.join(tmp.dir, 'empty'), dbKey: 'k', actor: 'tester' });
    try {
      const patient = other.patients.create({ nhsNumber: '9434765919', familyName: 'No', givenName: 'Packs', birthDate: '1970-01-01' });
      await other.imports.importVcf({ file: makeVepTestWithClinvar(tmp.dir), patientId: patient.id });
      const none = await failure(other.annotation.annotate({ patientId: patient.id }));
      expect(none.code).toBe('annotate/no-packs');
      const page = other.annotation.queryVariants({ patientId: patient.id });
      expect(page.annotated).toBe(false);
      expect(page.variants[0].annotation).toBeNull();
    } finally {
      await other.close();
    }
  });

  it('a run stored as rows (before migration 0016) reads, filters and shows exactly as a packed one', async () => {
    const p = newPatient();
    const imp = await app.imports.importVcf({ file: makeVepTestWithClinvar(tmp.dir), patientId: p });
    const packed = (await app.annotation.annotate({ patientId: p })).runs[0];
    const q = (extra: object) => app.annotation.queryVariants({ patientId: p, limit: 1000, ...extra });
    const filters = [{}, { consequence: ['missense_variant'] }, { impact: ['HIGH', 'MODERATE'] }, { clinvar: ['pathogenic'] }, { annotatedGene: 'mrpl39' }, { annotatedOnly: true }];
    const before = { stored: stored(imp.id), pages: filters.map(q) };
    expect(before.pages[1].total).toBeGreaterThan(0);
    // The same annotations written the pre-0016 way, as the current run (the packed one superseded).
    const writer = createAnnotationWriter(app.store);
    const run = { id: `rows-${packed.id}`, importId: imp.id, patientId: p, build: packed.build, packs: packed.packs, vcfTools: packed.vcfTools, actor: 'tester', startedAt: packed.startedAt };
    const key = writer.begin(run, 'rows');
    const items = [...app.annotation.storedAnnotations(imp.id)].filter((x) => x.annotated).map((x) => ({ variantId: x.variantId, annotated: x.annotated as AnnotatedVariant }));
    writer.writeBatch(key, items, { transcripts: packed.packs.find((x) => x.kind === 'transcripts'), clinvar: packed.packs.find((x) => x.kind === 'clinvar') });
    writer.complete(key, run, { ...packed, warnings: packed.warnings }, packed.completedAt);
    expect(app.store.sqlite.prepare('SELECT storage FROM annotation_runs WHERE import_id = ? ORDER BY key').pluck().all(imp.id)).toEqual(['chunks', 'rows']);
    expect(app.store.sqlite.prepare('SELECT count(*) FROM variant_transcript_annotations WHERE run_key = ?').pluck().get(key)).toBeGreaterThan(0);
    expect(stored(imp.id)).toEqual(before.stored);
    expect(filters.map(q)).toEqual(before.pages);
    expect(app.annotation.runsOf(imp.id).map((r) => r.id)).toEqual([run.id, packed.id]);
  });
});
