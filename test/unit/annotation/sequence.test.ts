// FASTA access and translation, checked against third-party data: the bgzip, plain and in-memory readers must
// return the same bases for the two derived chr21 files, and translating a GenBank CDS must give the
// protein NCBI recorded in its /translation qualifier.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { rejection } from '../../helpers/rejection.ts';
import { loadFastaIntoMemory, openReference } from '../../../electron/main/services/annotation/sequence/fasta-reader.ts';
import { reverseComplement, translate, translateToStop } from '../../../electron/main/services/annotation/sequence/dna.ts';
import { bunzip, parseGenBank } from '../../../scripts/annotation-agreement/transcript-sources.ts';

const CHR21 = path.join(SHARED_DATA, 'reference', 'GRCh38-chr21');
const SLICE = path.join(CHR21, 'GRCh38_chr21_24985581-26000306.fa');
const PADDED = path.join(CHR21, 'GRCh38_chr21_Npadded.fa.gz');
// PROVENANCE.md: base i of the slice record = chr21 position 24,985,580 + i.
const SLICE_OFFSET = 24985580;

const tmp = makeTempDir('genodesk-fasta-');
afterAll(() => tmp.cleanup());

describe('FASTA reader', () => {
  it('reads the same bases from the bgzip (.fai+.gzi), the plain indexed slice and an in-memory load', async () => {
    const bgz = await openReference(PADDED);
    const plain = await openReference(SLICE);
    const mem = await loadFastaIntoMemory(SLICE);
    expect(bgz.length('chr21')).toBe(46709983);
    const name = [...plain.contigs.keys()][0];
    for (const [s, e] of [
      [24985581, 24985700],
      [25606600, 25606700],
      [25999000, 26000306],
      [25100000, 25170000], // spans many BGZF blocks
    ]) {
      const a = bgz.fetch('21', s, e);
      expect(a).toHaveLength(e - s + 1);
      expect(plain.fetch(name, s - SLICE_OFFSET, e - SLICE_OFFSET)).toBe(a);
      expect(mem.fetch(name, s - SLICE_OFFSET, e - SLICE_OFFSET)).toBe(a);
    }
    expect(bgz.fetch('chr21', 1000, 1010)).toBe('NNNNNNNNNNN');
    bgz.close();
    plain.close();
    mem.close();
  });

  it('serves position-ordered and random reads from its block cache exactly as the file holds them', async () => {
    // The plain indexed reader keeps recent 64 KiB blocks: reads inside one block, across two, longer than two,
    // repeated, going backwards and ending at the contig's last base must all equal an in-memory load.
    const plain = await openReference(SLICE);
    const mem = await loadFastaIntoMemory(SLICE);
    const name = [...plain.contigs.keys()][0];
    const len = plain.length(name) as number;
    let seed = 42;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n) + 1;
    const ranges: Array<[number, number]> = [
      [1, 1],
      [len - 9, len],
      [len, len],
      [65000, 67000], // crosses a block boundary (lines of 60 bases + newline: ~64,500 bases a block)
      [1, 200000], // longer than two blocks: read directly
      [130000, 130010],
      [64400, 64600],
    ];
    for (let pos = 1; pos < len - 50; pos += rnd(4000)) ranges.push([pos, pos + rnd(40) - 1]);
    for (let i = 0; i < 300; i++) {
      const s = rnd(len - 2000);
      ranges.push([s, s + rnd(1500)]);
    }
    for (const [s, e] of ranges) expect(plain.fetch(name, s, e), `${s}-${e}`).toBe(mem.fetch(name, s, e));
    plain.close();
    mem.close();
  });

  it('streams a multi-member gzip FASTA (bgzip without index) into memory', async () => {
    const copy = path.join(tmp.dir, 'noindex.fa.gz');
    fs.copyFileSync(PADDED, copy);
    const mem = await openReference(copy);
    const bgz = await openReference(PADDED);
    expect(mem.fetch('21', 25606600, 25606700)).toBe(bgz.fetch('21', 25606600, 25606700));
    mem.close();
    bgz.close();
  });

  it('refuses a truncated bgzip FASTA with packs/corrupt', async () => {
    const cut = path.join(tmp.dir, 'cut.fa.gz');
    const buf = fs.readFileSync(PADDED);
    fs.writeFileSync(cut, buf.subarray(0, Math.floor(buf.length / 2)));
    fs.copyFileSync(`${PADDED}.fai`, `${cut}.fai`);
    fs.copyFileSync(`${PADDED}.gzi`, `${cut}.gzi`);
    const e = await rejection(openReference(cut));
    expect(e.code).toBe('packs/corrupt');
    expect(e.details.file).toBe(cut);
  });

  it('refuses a truncated gzip FASTA read in full, naming the last line read', async () => {
    const cut = path.join(tmp.dir, 'cut-plain.fa.gz');
    const gz = zlib.gzipSync(fs.readFileSync(SLICE));
    fs.writeFileSync(cut, gz.subarray(0, gz.length - 200));
    const e = await rejection(openReference(cut));
    expect(e.code).toBe('packs/corrupt');
    expect(e.details.line).toBeGreaterThan(1);
  });

  it('refuses a FASTA with a non-base character, giving file, line and column', async () => {
    const bad = path.join(tmp.dir, 'bad.fa');
    const lines = fs.readFileSync(SLICE, 'latin1').split('\n').slice(0, 20);
    lines[7] = `${lines[7].substring(0, 10)}1${lines[7].substring(11)}`;
    fs.writeFileSync(bad, lines.join('\n'));
    const e = await rejection(openReference(bad));
    expect(e.code).toBe('packs/corrupt');
    expect(e.details).toMatchObject({ file: bad, line: 8, column: 11 });
  });

  it('refuses a plain FASTA shorter than its .fai says', async () => {
    const cut = path.join(tmp.dir, 'short.fa');
    fs.writeFileSync(cut, fs.readFileSync(SLICE).subarray(0, 5000));
    fs.copyFileSync(`${SLICE}.fai`, `${cut}.fai`);
    const e = await rejection(openReference(cut));
    expect(e.code).toBe('packs/corrupt');
  });
});

describe('translation', () => {
  it('translates GenBank CDSs to the proteins NCBI recorded (/translation)', () => {
    const dir = path.join(SHARED_DATA, 'reference', 'transcripts', 'mutalyzer2-genbank');
    let checked = 0;
    for (const f of fs.readdirSync(dir).filter((x) => /^NM_.*\.gb\.bz2$/.test(x))) {
      const text = bunzip(path.join(dir, f));
      const m = parseGenBank(text);
      const recorded = /\/translation="([^"]+)"/.exec(text)?.[1].replace(/\s+/g, '');
      if (!m?.cdsStart || !m.cdsEnd || !recorded) continue;
      const protein = translate(m.sequence.substring(m.cdsStart - 1, m.cdsEnd));
      // A non-AUG initiator (WT1 NM_024426.4 starts at CUG) is still read as Met, as GenBank notes.
      const first = /non-AUG|CUG/i.test(text) ? 'M' : protein[0];
      expect(first + protein.substring(1), f).toBe(`${recorded}*`);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('reads every codon of both NCBI tables, gives X for N, ambiguity codes, lower case and a partial codon, and stops at the first stop', () => {
    // NCBI translation tables 1 and 2, written out codon by codon (first base slowest, TCAG order).
    const bases = 'TCAG';
    const tables = {
      standard: 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG',
      mitochondrial: 'FFLLSSSSYY**CCWWLLLLPPPPHHQQRRRRIIMMTTTTNNKKSS**VVVVAAAADDEEGGGG',
    } as const;
    for (const [table, aas] of Object.entries(tables) as [keyof typeof tables, string][]) {
      let i = 0;
      for (const a of bases) for (const b of bases) for (const c of bases) expect(translate(a + b + c, table), `${a}${b}${c} ${table}`).toBe(aas[i++]);
    }
    expect(translate('ATGNGGTTRatgGC')).toBe('MXXXX');
    expect(translate('ATGTGA', 'standard')).toBe('M*');
    expect(translate('ATGTGA', 'mitochondrial')).toBe('MW');
    expect(translateToStop('ATGGCCTAGGCCAA')).toEqual({ protein: 'MA*', stopFound: true });
    expect(translateToStop('ATGGCCAA')).toEqual({ protein: 'MAX', stopFound: false });
    expect(translate('')).toBe('');
  });

  it('complements IUPAC codes and reads anything else as N', () => {
    expect(reverseComplement('ACGTN')).toBe('NACGT');
    expect(reverseComplement('RYSWKMBVDH')).toBe('DHBVKMWSRY');
    expect(reverseComplement('acgT')).toBe('ANNN');
    expect(reverseComplement('G')).toBe('C');
    expect(reverseComplement('')).toBe('');
  });

  it('reverse-complements so that a minus-strand slice reads back to itself', async () => {
    const ref = await openReference(PADDED);
    const s = ref.fetch('21', 25606600, 25606700);
    expect(reverseComplement(reverseComplement(s))).toBe(s);
    ref.close();
  });
});
