// A stored row's share of its record's VEP CSQ: the import splits multi-allelic records and trims alleles
// (keeping the record as written in variants.original); the row must get exactly the entries the file's
// record gives its ALT. Checked on every record of a real VEP-annotated file (multi-allelic, indels, `*`).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { headerMeta, recordAlleles, specsFromHeader, vcfBorneForRow } from '../../../electron/main/services/annotation-store/stored-vcf-borne.ts';
import { detectVcfBorneSpecs, parseVcfBorne } from '../../../electron/main/services/annotation/vcf/vcf-borne.ts';
import { infoValue } from '../../../electron/main/services/annotation/vcf/vcf-lines.ts';
import { trimAllele } from '../../../electron/main/services/vcf/normalise-allele.ts';

const FILE = path.join(SHARED_DATA, 'annotation-truth', 'vep-csq-vcf', 'split-vep.vcf.gz');
const text = zlib.gunzipSync(fs.readFileSync(FILE)).toString('utf8');
const header = text
  .split('\n')
  .filter((l) => l.startsWith('#'))
  .join('\n');
const records = text.split('\n').filter((l) => l && !l.startsWith('#'));

describe('stored VCF-borne annotations', () => {
  it('reads the header the import keeps verbatim the way the annotation reader does', () => {
    const specs = specsFromHeader(header);
    expect(specs.map((s) => s.field)).toEqual(['CSQ']);
    expect(specs).toEqual(detectVcfBorneSpecs(headerMeta(header)));
  });

  it('gives every split and trimmed row of every record the CSQ entries of its own ALT', () => {
    const specs = specsFromHeader(header);
    let rows = 0;
    let split = 0;
    for (const line of records) {
      const f = line.split('\t');
      const pos = Number(f[1]);
      const ref = f[3];
      const alts = f[4].split(',');
      const csq = infoValue(f[7], 'CSQ');
      const expected = csq ? parseVcfBorne(specs[0], csq, ref, alts) : undefined;
      alts.forEach((alt, i) => {
        const t = trimAllele(pos, ref, alt);
        // As the import stores it: `original` only when the row was split or trimmed.
        const changed = alts.length > 1 || t.pos !== pos || t.ref.length !== ref.length || t.alt.length !== alt.length;
        const row = { pos: t.pos, ref: t.ref, alt: t.alt, original: changed ? JSON.stringify({ line: 0, pos, ref, alts, gt: null }) : null };
        expect(recordAlleles(row).index).toBe(i);
        const got = vcfBorneForRow(specs, csq ? new Map([['CSQ', csq]]) : undefined, row);
        expect(got).toEqual(expected ? [expected[i]].filter((a) => a.transcripts.length > 0) : undefined);
        rows++;
        if (alts.length > 1) split++;
      });
    }
    expect(rows).toBeGreaterThan(records.length);
    expect(split).toBeGreaterThan(10);
  });
});
