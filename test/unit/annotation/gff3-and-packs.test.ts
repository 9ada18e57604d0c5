// GFF3 readers (Ensembl and RefSeq flavours) against the same genes described elsewhere by third parties,
// and the pack checks: build agreement, manifest checksums, corrupt input named by file and line.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { RESOURCES, SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { rejection } from '../../helpers/rejection.ts';
import { readGff3 } from '../../../electron/main/services/annotation/transcripts/gff3-reader.ts';
import { openReference } from '../../../electron/main/services/annotation/sequence/fasta-reader.ts';
import { openTranscriptFiles, openTranscriptPack, openClinVarPack } from '../../../electron/main/services/annotation/packs/open-sources.ts';
import { readPackManifest } from '../../../electron/main/services/annotation/packs/pack-manifest.ts';

const VEP_DATA = path.join(SHARED_DATA, 'reference', 'ensembl-vep-testdata');
const PADDED = path.join(SHARED_DATA, 'reference', 'GRCh38-chr21', 'GRCh38_chr21_Npadded.fa.gz');
const DEMO = path.join(RESOURCES, 'packs', 'grch38-chr21-ensembl84-demo');
const tmp = makeTempDir('genodesk-gff-');
afterAll(() => tmp.cleanup());

/** Exons per transcript from Ensembl's GTF of the same release (a second, independent rendering). */
function gtfExons(): Map<string, Array<[number, number]>> {
  const out = new Map<string, Array<[number, number]>>();
  for (const line of zlib.gunzipSync(fs.readFileSync(path.join(VEP_DATA, 'test.gtf.gz'))).toString().split('\n')) {
    const f = line.split('\t');
    if (f[2] !== 'exon') continue;
    const id = /transcript_id "([^"]+)"/.exec(f[8])?.[1] as string;
    if (!out.has(id)) out.set(id, []);
    out.get(id)?.push([Number(f[3]), Number(f[4])]);
  }
  return out;
}

describe('GFF3 reader', () => {
  it('reads Ensembl GFF3 transcripts with the exons Ensembl\'s GTF gives for them', async () => {
    const gff = await readGff3(path.join(VEP_DATA, 'test.gff.gz'));
    expect(gff.flavour).toBe('Ensembl');
    expect(gff.build.build).toBe('GRCh38'); // from the chromosome line: 21 is 46,709,983 bp in GRCh38
    const gtf = gtfExons();
    let compared = 0;
    for (const t of gff.transcripts) {
      const exons = gtf.get(t.id);
      if (!exons) continue;
      expect(t.exons, t.id).toEqual(exons.sort((a, b) => a[0] - b[0]));
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
    const mrpl39 = gff.transcripts.find((t) => t.id === 'ENST00000307301');
    expect(mrpl39).toMatchObject({ geneName: 'MRPL39', biotype: 'protein_coding', strand: -1, proteinId: 'ENSP00000305682' });
  });

  it('reads RefSeq GFF3 (NC_ accessions, rna-/gene- ids, biotype from the feature type)', async () => {
    const gff = await readGff3(path.join(VEP_DATA, 'refseq.gff.gz'));
    expect(gff.flavour).toBe('RefSeq');
    expect(gff.build.build).toBe('GRCh38');
    const nm = gff.transcripts.find((t) => t.id === 'NM_021219.3');
    expect(nm).toMatchObject({ geneName: 'JAM2', biotype: 'protein_coding', strand: 1, proteinId: 'NP_067042.1' });
    expect(gff.transcripts.find((t) => t.id === 'NR_072999.1')?.biotype).toBe('misc_RNA');
    expect(gff.transcripts.find((t) => t.id === 'NR_024027.2')?.biotype).toBe('lncRNA');
  });

  it('flags MANE Select and canonical transcripts from tags (Ensembl and RefSeq spellings)', async () => {
    const file = path.join(tmp.dir, 'mane.gff3');
    const lines = zlib
      .gunzipSync(fs.readFileSync(path.join(DEMO, 'transcripts.gff3.gz')))
      .toString()
      .split('\n')
      .map((l) => {
        const body = l.replace(/;tag=[^;]*/, '');
        if (l.includes('ID=transcript:ENST00000307301;')) return `${body};tag=basic,Ensembl_canonical,MANE_Select`;
        if (l.includes('ID=transcript:ENST00000352957;')) return `${body};tag=RefSeq Select`;
        return l;
      });
    fs.writeFileSync(file, lines.join('\n'));
    const gff = await readGff3(file);
    expect(gff.transcripts.find((t) => t.id === 'ENST00000307301')).toMatchObject({ maneSelect: true, canonical: true });
    expect(gff.transcripts.find((t) => t.id === 'ENST00000352957')).toMatchObject({ maneSelect: false, canonical: true });
    expect(gff.transcripts.find((t) => t.id === 'ENST00000419219')).toMatchObject({ maneSelect: false, canonical: false });
  });

  it('names file and line for a malformed GFF3 line and for a truncated gzip', async () => {
    const bad = path.join(tmp.dir, 'bad.gff3');
    const text = zlib.gunzipSync(fs.readFileSync(path.join(DEMO, 'transcripts.gff3.gz'))).toString().split('\n');
    text[10] = text[10].split('\t').slice(0, 7).join('\t');
    fs.writeFileSync(bad, text.join('\n'));
    const e = await rejection(readGff3(bad));
    expect(e.code).toBe('packs/corrupt');
    expect(e.details).toMatchObject({ file: bad, line: 11 });

    const cut = path.join(tmp.dir, 'cut.gff3.gz');
    const gz = fs.readFileSync(path.join(VEP_DATA, 'test.gff.gz'));
    fs.writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const e2 = await rejection(readGff3(cut));
    expect(e2.code).toBe('packs/corrupt');
    expect(e2.details.line as number).toBeGreaterThan(1000);
  });
});

describe('packs', () => {
  it('opens the shipped demo packs after verifying every checksum', async () => {
    const t = await openTranscriptPack(DEMO);
    expect(t.manifest).toMatchObject({ kind: 'transcripts', build: 'GRCh38' });
    expect((t.value.transcripts as unknown[]).length).toBeGreaterThan(40);
    expect(t.value.build).toBe('GRCh38');
    t.value.reference.close();
    const c = await openClinVarPack(path.join(RESOURCES, 'packs', 'clinvar-20211025-grch38-testset'));
    expect(c.value.size).toBe(50);
    for (const dir of fs.readdirSync(path.join(RESOURCES, 'packs'))) {
      if (fs.existsSync(path.join(RESOURCES, 'packs', dir, 'manifest.json'))) expect(readPackManifest(path.join(RESOURCES, 'packs', dir)).licence).not.toBe('');
    }
  });

  it('refuses a pack whose file no longer matches its checksum', async () => {
    const dir = path.join(tmp.dir, 'pack');
    fs.cpSync(DEMO, dir, { recursive: true });
    const gff = path.join(dir, 'transcripts.gff3.gz');
    const buf = fs.readFileSync(gff);
    buf[buf.length - 20] ^= 0xff;
    fs.writeFileSync(gff, buf);
    const e = await rejection(openTranscriptPack(dir));
    expect(e.code).toBe('packs/corrupt');
    expect(e.details.file).toBe(gff);
  });

  it('refuses a GFF3 whose build differs from the FASTA (packs/build-mismatch)', async () => {
    // Same Ensembl lines, but declared GRCh37 (chr21 is 48,129,895 bp there) against the GRCh38 FASTA.
    const file = path.join(tmp.dir, 'grch37.gff3');
    const lines = zlib.gunzipSync(fs.readFileSync(path.join(DEMO, 'transcripts.gff3.gz'))).toString().split('\n');
    fs.writeFileSync(
      file,
      lines
        .filter((l) => !l.startsWith('#!genome-build') && !l.includes('\tchromosome\t'))
        .map((l) => l.replace('##sequence-region 21 1 46709983', '##sequence-region 21 1 48129895'))
        .join('\n'),
    );
    const e = await rejection(openTranscriptFiles(file, PADDED));
    expect(e.code).toBe('packs/build-mismatch');
    expect(e.details).toMatchObject({ gff3Build: 'GRCh37', fastaBuild: 'GRCh38' });
  });

  it('refuses transcripts that run past the FASTA contig (not the same assembly)', async () => {
    const fa = path.join(tmp.dir, 'short21.fa');
    const ref = await openReference(PADDED);
    fs.writeFileSync(fa, `>21\n${ref.fetch('21', 1, 25_000_000).match(/.{1,60}/g)?.join('\n')}\n`);
    ref.close();
    const e = await rejection(openTranscriptFiles(path.join(DEMO, 'transcripts.gff3.gz'), fa));
    expect(e.code).toBe('packs/build-mismatch');
  });
});
