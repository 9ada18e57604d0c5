// The install-time index of a transcript pack: FASTA of any form → one-line-per-contig FASTA + .fai that
// reads the same bases as the original; GFF3 → per-contig transcript models that answer queries exactly as
// the whole-file reader does, whatever the order of the GFF3's lines; bad input named by file and line.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { rejection } from '../../helpers/rejection.ts';
import { indexFasta } from '../../../electron/main/services/annotation/sequence/fasta-indexer.ts';
import { openReference } from '../../../electron/main/services/annotation/sequence/fasta-reader.ts';
import { indexGff3 } from '../../../electron/main/services/annotation/transcripts/gff3-indexer.ts';
import { readGff3 } from '../../../electron/main/services/annotation/transcripts/gff3-reader.ts';
import { IndexedTranscripts, readTranscriptTable } from '../../../electron/main/services/annotation/transcripts/indexed-transcripts.ts';
import { TranscriptIndex } from '../../../electron/main/services/annotation/transcripts/transcript-index.ts';

const PADDED = path.join(SHARED_DATA, 'reference', 'GRCh38-chr21', 'GRCh38_chr21_Npadded.fa.gz');
const CHR22_GFF3 = path.join(SHARED_DATA, 'reference', 'ensembl-99-chr22', 'Homo_sapiens.GRCh38.99.chr22.gff3.gz');
const tmp = makeTempDir('genodesk-packindex-');
afterAll(() => tmp.cleanup());
let n = 0;
const out = () => path.join(tmp.dir, `out-${++n}`);

function write(name: string, text: string, gzip = false): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, gzip ? zlib.gzipSync(text, { level: 1 }) : text);
  return file;
}

describe('FASTA index written at install', () => {
  it('reads the same bases as the bgzip original with its own .fai/.gzi', async () => {
    const base = out();
    const idx = await indexFasta(PADDED, base);
    expect(idx.contigs.get('21')).toBe(46709983);
    expect(fs.readFileSync(`${base}.fai`, 'utf8')).toBe(`21\t46709983\t4\t46709983\t46709984\n`);
    const original = await openReference(PADDED);
    const indexed = await openReference(base);
    for (const [s, e] of [
      [1, 20],
      [24985581, 24985700],
      [25100000, 25170000],
      [46709970, 46709983],
    ]) {
      expect(indexed.fetch('21', s, e)).toBe(original.fetch('chr21', s, e));
    }
    original.close();
    indexed.close();
  });

  it('normalises plain gzip, soft-masked, CRLF, wrapped multi-contig FASTA to upper-case bases', async () => {
    const src = write('multi.fa.gz', '>a desc\r\nacgtN\r\nRYac\r\n>b\n\nTTTT\nGG\n>empty\n>c\nA', true);
    const base = out();
    const idx = await indexFasta(src, base);
    expect([...idx.contigs]).toEqual([
      ['a', 9],
      ['b', 6],
      ['empty', 0],
      ['c', 1],
    ]);
    expect(idx.fasta.bytes).toBe(fs.statSync(base).size);
    const ref = await openReference(base);
    expect(ref.fetch('a', 1, 9)).toBe('ACGTNRYAC');
    expect(ref.fetch('b', 2, 6)).toBe('TTTGG');
    expect(ref.fetch('c', 1, 1)).toBe('A');
    ref.close();
  });

  it('refuses bad FASTA with the file, the line and what was expected', async () => {
    const bad = write('bad.fa', '>x\nACGT\nAC1T\n');
    const e1 = await rejection(indexFasta(bad, out()));
    expect(e1.code).toBe('packs/corrupt');
    expect(e1.message).toContain('line 3, column 3');
    expect(e1.details).toMatchObject({ file: bad, line: 3, column: 3 });
    const e2 = await rejection(indexFasta(write('nohead.fa', 'ACGT\n'), out()));
    expect(e2.message).toMatch(/not FASTA.*line 1/);
    const e3 = await rejection(indexFasta(write('dup.fa', '>x\nA\n>x\nC\n'), out()));
    expect(e3.message).toMatch(/names contig x twice \(line 3\)/);
    const whole = zlib.gzipSync('>x\n' + 'ACGT'.repeat(200_000) + '\n');
    const cut = path.join(tmp.dir, 'cut.fa.gz');
    fs.writeFileSync(cut, whole.subarray(0, whole.length - 100));
    const e4 = await rejection(indexFasta(cut, out()));
    expect(e4.code).toBe('packs/corrupt');
    expect(e4.message).toMatch(/truncated or damaged/);
    const e5 = await rejection(indexFasta(write('empty.fa', ''), out()));
    expect(e5.message).toMatch(/empty/);
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    const e = await rejection(indexFasta(PADDED, out(), { signal: ac.signal }));
    expect(e.code).toBe('packs/cancelled');
  });
});

describe('GFF3 index written at install', () => {
  it('answers every query as the whole-file reader does, loading one contig at a time', async () => {
    const dir = out();
    const result = await indexGff3(CHR22_GFF3, dir);
    const whole = await readGff3(CHR22_GFF3);
    expect(result.transcripts).toBe(whole.transcripts.length);
    expect(result.transcripts).toBeGreaterThan(4000);
    expect(result.flavour).toBe('Ensembl');
    expect(result.build.build).toBe('GRCh38');
    const indexed = new IndexedTranscripts(path.join(dir, 'transcripts.jsonl'), readTranscriptTable(path.join(dir, 'transcripts.json')));
    const memory = new TranscriptIndex(whole.transcripts);
    for (let pos = 10_000_000; pos < 51_000_000; pos += 97_331) {
      const a = indexed.query('chr22', pos, pos + 10).map((t) => t.id).sort();
      const b = memory.query('22', pos, pos + 10).map((t) => t.id).sort();
      expect(a).toEqual(b);
    }
    expect(indexed.query('chr1', 1_000_000, 1_000_000)).toEqual([]);
    expect(indexed.loads).toBe(1);
    const sample = indexed.query('22', 42_130_000, 42_130_000)[0];
    expect(sample).toEqual(whole.transcripts.find((t) => t.id === sample.id));
    indexed.close();
  });

  it('does not rely on the order of the lines, and names the original line of an error', async () => {
    const text = zlib.gunzipSync(fs.readFileSync(CHR22_GFF3)).toString('utf8').split('\n');
    const header = text.filter((l) => l.startsWith('#'));
    const body = text.filter((l) => l && !l.startsWith('#')).slice(0, 3000);
    // Two contigs interleaved and each reversed: a transcript's lines are far apart.
    const other = body.map((l) => l.replace(/^22\t/, '21\t').replaceAll('ENS', 'ENSX'));
    const mixed = [...header, ...body.reverse().flatMap((l, i) => [l, other[i]])];
    const src = write('mixed.gff3', `${mixed.join('\n')}\n`);
    const dir = out();
    const result = await indexGff3(src, dir);
    const whole = await readGff3(src);
    expect(result.transcripts).toBe(whole.transcripts.length);
    const table = readTranscriptTable(path.join(dir, 'transcripts.json'));
    expect(table.contigs.map((c) => c.seqid).sort()).toEqual(['21', '22']);

    const broken = [...mixed];
    const at = header.length + 1500;
    broken[at] = broken[at].split('\t').slice(0, 5).join('\t');
    const bad = write('broken.gff3', `${broken.join('\n')}\n`);
    const e = await rejection(indexGff3(bad, out()));
    expect(e.code).toBe('packs/corrupt');
    expect(e.details).toMatchObject({ file: bad, line: at + 1, expected: 9 });
    expect(fs.readdirSync(tmp.dir).filter((f) => f.startsWith('.split-'))).toEqual([]);
  });
});
