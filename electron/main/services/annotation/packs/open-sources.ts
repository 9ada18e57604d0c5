// Opening what the annotator reads — from installed packs (manifest-verified) or straight from files (the
// CLI's `annotate --vcf --gff3 --fasta`) — and refusing combinations that disagree on the genome build.
import { AppError } from '../../../../../shared/errors.ts';
import type { PackManifest, PackVersion } from '../../../../../shared/schemas/annotation.ts';
import { closeSources } from '../annotator.ts';
import type { AnnotationSources } from '../annotator.ts';
import { loadClinVar } from '../clinvar/clinvar-index.ts';
import { CLINVAR_TABLE_ROLE, openClinVarTable } from '../clinvar/clinvar-table.ts';
import type { ClinVarIndex } from '../clinvar/clinvar-index.ts';
import { openReference } from '../sequence/fasta-reader.ts';
import type { ReferenceSequence } from '../sequence/fasta-reader.ts';
import { readGff3 } from '../transcripts/gff3-reader.ts';
import type { Gff3Result } from '../transcripts/gff3-reader.ts';
import type { TranscriptModel } from '../transcripts/transcript-model.ts';
import type { TranscriptLookup } from '../transcripts/transcript-index.ts';
import { INDEX_FILES, openTranscriptPackIndex } from './transcript-pack-index.ts';
import type { IndexRole } from './transcript-pack-index.ts';
import { buildFromContigLengths } from './genome-build.ts';
import type { GenomeBuild } from './genome-build.ts';
import { checkBuildAgreement, noSharedContigs, placeOnReference } from './transcript-build-checks.ts';
import { packFile, readPackManifest, sha256File, verifyPackFiles } from './pack-manifest.ts';
import type { VerifiedStamps } from './verified-stamps.ts';

export interface OpenedTranscripts {
  /** Every model (read from a GFF3) or a per-contig reader of an installed pack's index. */
  transcripts: TranscriptModel[] | TranscriptLookup;
  reference: ReferenceSequence;
  build?: GenomeBuild;
  /** Transcripts left out because their contig is not in the FASTA. */
  skipped: number;
}

export interface OpenedTranscriptFiles extends OpenedTranscripts {
  transcripts: TranscriptModel[];
}

/**
 * GFF3 and FASTA must describe the same assembly: compared through what each says about itself (genome-build
 * header, RefSeq accessions, chromosome lengths), the manifest's build when there is one, and whether the
 * transcripts fit inside the FASTA's contigs.
 */
export function checkTranscriptBuild(
  gff: Gff3Result,
  reference: ReferenceSequence,
  files: { gff3: string; fasta: string },
  declared?: GenomeBuild,
): { build?: GenomeBuild; transcripts: TranscriptModel[]; skipped: number } {
  const build = checkBuildAgreement(gff.build, buildFromContigLengths(reference.contigs), files, declared);
  const kept = placeOnReference(gff.transcripts, reference, files);
  if (kept.length === 0 && gff.transcripts.length > 0) {
    throw noSharedContigs(files, [...new Set(gff.transcripts.map((t) => t.seqid))], [...reference.contigs.keys()]);
  }
  return { build, transcripts: kept, skipped: gff.transcripts.length - kept.length };
}

export async function openTranscriptFiles(gff3: string, fasta: string, declared?: GenomeBuild): Promise<OpenedTranscriptFiles> {
  const [gff, reference] = await Promise.all([readGff3(gff3), openReference(fasta)]);
  try {
    const checked = checkTranscriptBuild(gff, reference, { gff3, fasta }, declared);
    return { transcripts: checked.transcripts, reference, build: checked.build, skipped: checked.skipped };
  } catch (err) {
    reference.close();
    throw err;
  }
}

export interface OpenedPack<T> {
  manifest: PackManifest;
  version: PackVersion;
  value: T;
}

function versionOf(m: PackManifest): PackVersion {
  const main = m.files.find((f) => f.role === 'gff3' || f.role === 'clinvar-vcf') ?? m.files[0];
  return { id: m.id, kind: m.kind, version: m.version, sha256: main.sha256 };
}

const INDEX_ROLES = Object.keys(INDEX_FILES) as IndexRole[];
const isIndexed = (dir: string, manifest: PackManifest) => INDEX_ROLES.every((role) => packFile(dir, manifest, role));

/**
 * Checks size and SHA-256 of the files annotation reads from a transcript pack: for an indexed pack only the
 * index (the GFF3 and FASTA as published were checked at install and are kept for provenance).
 */
export async function verifyTranscriptPack(dir: string, manifest: PackManifest = readPackManifest(dir), stamps?: VerifiedStamps): Promise<void> {
  await verifyPackFiles(dir, manifest, isIndexed(dir, manifest) ? INDEX_ROLES : undefined, stamps);
}

/**
 * The packs' files checked against their manifests. The annotation service runs this on the main thread while
 * the worker annotates (the worker then opens the packs with verify: false) and commits the run only once
 * it has passed: hashing a whole genome's 3.1 GB index took ~10 s before the first variant could start.
 */
export async function verifyAnnotationPacks(dirs: { transcripts: string; clinvar?: string }): Promise<void> {
  await verifyTranscriptPack(dirs.transcripts);
  if (dirs.clinvar) await verifyPackFiles(dirs.clinvar, readPackManifest(dirs.clinvar));
}

/** How an opened pack is checked: always (verify), and whether unchanged files verified before are trusted (stamps). */
export interface PackCheck {
  verify?: boolean;
  stamps?: VerifiedStamps;
}

export async function openTranscriptPack(dir: string, { verify = true, stamps }: PackCheck = {}): Promise<OpenedPack<OpenedTranscripts>> {
  const manifest = readPackManifest(dir);
  if (manifest.kind !== 'transcripts') {
    throw new AppError('packs/unsupported-kind', `Pack ${manifest.id} is a ${manifest.kind} pack, not a transcript pack.`, { dir, kind: manifest.kind });
  }
  if (verify) await verifyTranscriptPack(dir, manifest, stamps);
  if (isIndexed(dir, manifest)) {
    const indexRoles = INDEX_ROLES;
    const files = Object.fromEntries(indexRoles.map((role) => [role, packFile(dir, manifest, role) as string])) as Record<IndexRole, string>;
    const opened = await openTranscriptPackIndex(files);
    return { manifest, version: versionOf(manifest), value: { ...opened, build: manifest.build, skipped: 0 } };
  }
  const gff3 = packFile(dir, manifest, 'gff3');
  const fasta = packFile(dir, manifest, 'fasta');
  if (!gff3 || !fasta) throw new AppError('packs/corrupt', `Pack ${manifest.id} lacks a gff3 or fasta file entry.`, { dir });
  const value = await openTranscriptFiles(gff3, fasta, manifest.build);
  return { manifest, version: versionOf(manifest), value };
}

export async function openClinVarPack(dir: string, { verify = true, stamps }: PackCheck = {}): Promise<OpenedPack<ClinVarIndex>> {
  const manifest = readPackManifest(dir);
  if (manifest.kind !== 'clinvar') {
    throw new AppError('packs/unsupported-kind', `Pack ${manifest.id} is a ${manifest.kind} pack, not a ClinVar pack.`, { dir, kind: manifest.kind });
  }
  if (verify) await verifyPackFiles(dir, manifest, undefined, stamps);
  const vcf = packFile(dir, manifest, 'clinvar-vcf');
  if (!vcf) throw new AppError('packs/corrupt', `Pack ${manifest.id} lacks a clinvar-vcf file entry.`, { dir });
  // Installed packs carry the table written at install (clinvar-table.ts); a pack folder from before it,
  // or a shipped demo pack not installed, is read into memory as before.
  const table = packFile(dir, manifest, CLINVAR_TABLE_ROLE);
  const release = `${manifest.source} ${manifest.version}`;
  const value = table ? openClinVarTable(table, release, vcf) : await loadClinVar(vcf, release);
  return { manifest, version: versionOf(manifest), value };
}

export interface SourceFiles {
  gff3: string;
  fasta: string;
  clinvar?: string;
}

/** Sources for a one-off run from files (nothing installed, nothing stored). */
export async function openSourcesFromFiles(files: SourceFiles): Promise<AnnotationSources> {
  const t = await openTranscriptFiles(files.gff3, files.fasta);
  const clinvar = files.clinvar ? await loadClinVar(files.clinvar) : undefined;
  const packs: PackVersion[] = [
    { id: `file:${files.gff3}`, kind: 'transcripts', version: 'file', sha256: await sha256File(files.gff3) },
  ];
  if (files.clinvar && clinvar) {
    packs.push({ id: `file:${files.clinvar}`, kind: 'clinvar', version: clinvar.release ?? 'file', sha256: await sha256File(files.clinvar) });
  }
  return { transcripts: t.transcripts, reference: t.reference, clinvar, packs, build: t.build };
}

/** Sources from installed pack folders (the app and `annotate --patient`). */
export async function openSourcesFromPacks(dirs: { transcripts: string; clinvar?: string }, check: PackCheck = {}): Promise<AnnotationSources> {
  const t = await openTranscriptPack(dirs.transcripts, check);
  const c = dirs.clinvar ? await openClinVarPack(dirs.clinvar, check) : undefined;
  if (c && t.value.build && c.manifest.build !== t.value.build) {
    closeSources({ transcripts: t.value.transcripts, reference: t.value.reference });
    throw new AppError('packs/build-mismatch', `The ClinVar pack is ${c.manifest.build} but the transcript pack is ${t.value.build}.`, {
      transcripts: dirs.transcripts,
      clinvar: dirs.clinvar,
    });
  }
  return {
    transcripts: t.value.transcripts,
    reference: t.value.reference,
    clinvar: c?.value,
    packs: c ? [t.version, c.version] : [t.version],
    build: t.value.build,
  };
}
