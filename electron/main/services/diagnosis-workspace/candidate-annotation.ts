// Turns a patient's stored variant rows into the ranking's input, with their annotation:
//  1. the import's stored annotation (issue 7's annotation run) when there is a complete one, else
//  2. the annotation engine run on the fly over just these rows, with the packs active in the data folder
//     (the Packs screen's choice; where none is installed for the build, the demo packs shipped in
//     resources/packs, said so in the analysis notes), plus the tool annotations the VCF itself carried
//     (VEP CSQ, snpEff ANN), kept raw by the import.
// In both cases a variant the transcript pack does not cover takes ClinVar's own molecular consequence
// when ClinVar knows the allele (said so in its reasons), else the import's gene overlap (consequence
// unknown, tier 3 at most). The pack versions used are returned so the analysis records them.
import { setImmediate as nextTurn } from 'node:timers/promises';
import fs from 'node:fs';
import path from 'node:path';
import type { AnnotatedVariant, PackManifest, PackVersion } from '../../../../shared/schemas/annotation.ts';
import type { CandidateVariantInput } from '../../../../shared/schemas/diagnosis.ts';
import type { GenomeBuild, VariantRow } from '../../../../shared/schemas/vcf.ts';
import type { Store } from '../../db/connection.ts';
import { createAnnotator, type Annotator } from '../annotation/annotator.ts';
import type { ClinVarIndex } from '../annotation/clinvar/clinvar-index.ts';
import { normaliseVcfAllele } from '../annotation/consequence/genomic-allele.ts';
import { openClinVarPack, openTranscriptPack } from '../annotation/packs/open-sources.ts';
import { readPackManifest } from '../annotation/packs/pack-manifest.ts';
import { detectVcfBorneSpecs, parseVcfBorne, type VcfBorneSpec } from '../annotation/vcf/vcf-borne.ts';
import { candidateInputFromStore, GENE_OVERLAP_SOURCE } from '../diagnosis/candidate-input.ts';
import { trimAllele } from '../vcf/normalise-allele.ts';
import { loadClinvarConsequences, type ClinvarConsequenceIndex } from './clinvar-consequences.ts';
import { rowNumber, storedAnnotationRun } from './stored-annotations.ts';
import type { ActivePacks } from '../packs/packs-service.ts';

export interface PackLocations {
  /** The packs a lab installed and made active for a build (the packs service); preferred. */
  active: (build: GenomeBuild) => ActivePacks;
  /** `<resourcesDir>/packs`: the demo packs shipped with GenoDesk, used only where none is installed. */
  builtIn: string;
}

interface FoundPack {
  dir: string;
  manifest: PackManifest;
  builtIn: boolean;
}

/** Rows annotated or converted between two turns of the event loop: ~10–20 ms of work each. */
const ROWS_PER_TURN = 2048;

interface OnTheFlySources {
  annotator: Annotator | null;
  clinvar: ClinVarIndex[];
  clinvarConsequences: ClinvarConsequenceIndex;
  packs: PackVersion[];
  notes: string[];
  close(): void;
}

export interface AnnotatedRows {
  variants: CandidateVariantInput[];
  packs: PackVersion[];
  origin: 'stored' | 'on-the-fly';
  notes: string[];
}

function manifestKind(dir: string): unknown {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { kind?: unknown }).kind;
  } catch {
    return undefined;
  }
}

function findPacks(root: string, builtIn: boolean, notes: string[]): FoundPack[] {
  if (!fs.existsSync(root)) return [];
  const out: FoundPack[] = [];
  for (const name of fs.readdirSync(root).sort()) {
    const dir = path.join(root, name);
    if (!fs.existsSync(path.join(dir, 'manifest.json'))) continue;
    try {
      out.push({ dir, manifest: readPackManifest(dir), builtIn });
    } catch (err) {
      // Panel packs (build "any") are not annotation sources; any other unreadable pack is reported.
      if (manifestKind(dir) === 'panel') continue;
      notes.push(`Pack folder ${name} was skipped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}

/** Newest first by the manifest's date, then version. */
function newestFirst(a: FoundPack, b: FoundPack): number {
  return b.manifest.date.localeCompare(a.manifest.date) || b.manifest.version.localeCompare(a.manifest.version);
}

/** The row's index among its original record's ALTs (the import splits multi-allelic records). */
function altIndexOf(row: VariantRow): number {
  const o = row.original;
  if (!o) return 0;
  for (let i = 0; i < o.alts.length; i++) {
    const t = trimAllele(o.pos, o.ref, o.alts[i]);
    if (t.pos === row.pos && t.ref === row.ref && t.alt === row.alt) return i;
  }
  return 0;
}

export type CandidateAnnotation = ReturnType<typeof createCandidateAnnotation>;

export function createCandidateAnnotation({ store, packs }: { store: Store; packs: PackLocations }) {
  const { sqlite } = store;
  const opened = new Map<GenomeBuild, { key: string; promise: Promise<OnTheFlySources> }>();
  const importHeader = sqlite.prepare("SELECT key, header FROM imports WHERE id = ? AND status = 'complete'");
  const hasRawTable = Boolean(sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'variant_raw_annotations'").get());
  const rawOf = hasRawTable ? sqlite.prepare('SELECT key, value FROM variant_raw_annotations WHERE import_key = ? AND variant_id = ?') : null;

  async function openSources(build: GenomeBuild): Promise<OnTheFlySources> {
    const notes: string[] = [];
    const active = packs.active(build);
    const builtIn = findPacks(packs.builtIn, true, notes).filter((p) => p.manifest.build === build);
    const shipped = (kind: 'transcripts' | 'clinvar') => builtIn.filter((p) => p.manifest.kind === kind).sort(newestFirst);
    const transcriptPack: { dir: string; builtIn: boolean; name: string } | undefined = active.transcripts
      ? { dir: active.transcripts.dir, builtIn: false, name: active.transcripts.version.id }
      : shipped('transcripts').map((p) => ({ dir: p.dir, builtIn: true, name: p.manifest.name }))[0];
    const clinvarPacks: { dir: string; builtIn: boolean }[] = active.clinvar ? [{ dir: active.clinvar.dir, builtIn: false }] : shipped('clinvar').map((p) => ({ dir: p.dir, builtIn: true }));
    const versions: PackVersion[] = [];
    let annotator: Annotator | null = null;
    let close = () => {};
    if (transcriptPack) {
      const t = await openTranscriptPack(transcriptPack.dir);
      annotator = createAnnotator({ transcripts: t.value.transcripts, reference: t.value.reference, packs: [t.version], build: t.value.build });
      versions.push(t.version);
      close = () => t.value.reference.close();
      if (transcriptPack.builtIn) notes.push(`No ${build} transcript pack is installed: the demo pack shipped with GenoDesk (${transcriptPack.name}) was used.`);
    } else {
      notes.push(`No ${build} transcript pack is installed: consequences come only from the VCF's own annotations or ClinVar.`);
    }
    const clinvar: ClinVarIndex[] = [];
    const clinvarFiles: string[] = [];
    for (const p of clinvarPacks) {
      const c = await openClinVarPack(p.dir);
      clinvar.push(c.value);
      versions.push(c.version);
      clinvarFiles.push(c.value.file);
    }
    if (clinvarPacks.length === 0) notes.push(`No ${build} ClinVar pack is installed: ClinVar assertions are not shown.`);
    else if (clinvarPacks[0].builtIn) notes.push(`No ${build} ClinVar pack is installed: the ClinVar extracts shipped with GenoDesk (demo, not current) were used.`);
    const clinvarConsequences = await loadClinvarConsequences(clinvarFiles);
    return { annotator, clinvar, clinvarConsequences, packs: versions, notes, close };
  }

  /** Opened once per build and per set of active packs: installing or switching a pack reopens them. */
  function sources(build: GenomeBuild): Promise<OnTheFlySources> {
    const active = packs.active(build);
    const key = JSON.stringify([active.transcripts?.version ?? null, active.clinvar?.version ?? null]);
    const cached = opened.get(build);
    if (cached && cached.key === key) return cached.promise;
    if (cached) void cached.promise.then((s) => s.close(), () => undefined);
    const promise = openSources(build);
    // A failed open (a damaged pack) is not kept: the next analysis tries again after a reinstall.
    promise.catch(() => {
      if (opened.get(build)?.promise === promise) opened.delete(build);
    });
    opened.set(build, { key, promise });
    return promise;
  }

  function vcfBorne(importKey: number, specs: VcfBorneSpec[], row: VariantRow): AnnotatedVariant['vcfAnnotations'] {
    if (!rawOf || specs.length === 0) return [];
    const raws = rawOf.all(importKey, rowNumber(row)) as { key: string; value: string }[];
    const out: NonNullable<AnnotatedVariant['vcfAnnotations']> = [];
    const ref = row.original?.ref ?? row.ref;
    const alts = row.original?.alts ?? [row.alt];
    const index = altIndexOf(row);
    for (const spec of specs) {
      const raw = raws.find((r) => r.key === spec.field);
      if (!raw) continue;
      const mine = parseVcfBorne(spec, raw.value, ref, alts)[index];
      if (mine && mine.transcripts.length > 0) out.push(mine);
    }
    return out;
  }

  return {
    /** Pack versions on-the-fly annotation would use for a build (for the analysis record). */
    async packsFor(build: GenomeBuild): Promise<PackVersion[]> {
      return (await sources(build)).packs;
    },

    async annotateRows(importId: string, build: GenomeBuild, rows: readonly VariantRow[]): Promise<AnnotatedRows> {
      const src = await sources(build);
      const stored = storedAnnotationRun(sqlite, importId);
      const notes: string[] = [];
      let byRow: Map<number, AnnotatedVariant>;
      if (stored) {
        byRow = stored.read(rows);
      } else {
        notes.push(...src.notes, 'This import has no stored annotation yet: the panel genes were annotated on the fly for this analysis.');
        const imp = importHeader.get(importId) as { key: number; header: string } | undefined;
        const specs = imp ? detectVcfBorneSpecs(imp.header.split('\n').filter((l) => l.startsWith('##')).map((l) => l.slice(2))) : [];
        byRow = new Map();
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i];
          // A whole genome's rows take seconds here: the app's other requests are served between slices.
          if (i > 0 && i % ROWS_PER_TURN === 0) await nextTurn();
          const a: AnnotatedVariant = src.annotator
            ? src.annotator.annotateOne({ chrom: row.chrom, pos: row.pos, ref: row.ref, alt: row.alt })
            : { chrom: row.chrom, pos: row.pos, ref: row.ref, alt: row.alt, consequences: [], clinvar: null, mostSevereConsequence: null };
          if (!a.clinvar) {
            const n = normaliseVcfAllele({ chrom: row.chrom, pos: row.pos, ref: row.ref, alt: row.alt });
            for (const idx of src.clinvar) {
              const hit = idx.lookup(n.chrom, n.pos, n.ref, n.alt);
              if (hit) {
                a.clinvar = { ...hit };
                break;
              }
            }
          }
          a.vcfAnnotations = imp ? vcfBorne(imp.key, specs, row) : [];
          byRow.set(rowNumber(row), a);
        }
      }
      const variants: CandidateVariantInput[] = [];
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        if (i > 0 && i % ROWS_PER_TURN === 0) await nextTurn();
        const input = candidateInputFromStore(row, byRow.get(rowNumber(row)) ?? null);
        if (input.consequences.every((c) => c.source === GENE_OVERLAP_SOURCE)) {
          const fromClinvar = src.clinvarConsequences.lookup(row);
          if (fromClinvar.length > 0) input.consequences = fromClinvar;
        }
        variants.push(input);
      }
      return { variants, packs: stored ? stored.packs : src.packs, origin: stored ? 'stored' : 'on-the-fly', notes };
    },

    async close(): Promise<void> {
      for (const { promise } of opened.values()) (await promise.catch(() => null))?.close();
      opened.clear();
    },
  };
}
