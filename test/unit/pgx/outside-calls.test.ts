// PharmCAT's outside-call files from shared/data (examples/ and test-resources/), parsed and validated
// against the bundled data; expected names follow docs/Outside-Call-Format.md.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { defaultPgxData } from '../../../electron/main/services/pgx/pgx-data.ts';
import { parseOutsideCalls } from '../../../electron/main/services/pgx/outside-calls.ts';
import { runPgx } from '../../../electron/main/services/pgx/pgx-engine.ts';

const P = path.join(SHARED_DATA, 'pgx', 'pharmcat');
const read = (rel: string) => fs.readFileSync(path.join(P, rel), 'utf8');
const data = defaultPgxData();

describe('outside-call TSV', () => {
  it('reads PharmCAT example outside calls (CYP2D6, HLA-B, MT-RNR1)', () => {
    const calls = parseOutsideCalls(read('examples/pharmcat.example.outsideCall.tsv'), data);
    expect(calls.map((c) => [c.gene, c.alleles])).toEqual([
      ['CYP2D6', ['*1', '*3']],
      ['HLA-B', ['*15:02', '*57:01']],
      ['MT-RNR1', ['1555A>G']],
    ]);
    // PharmCAT's phenotype table spells it m.1555A>G: no phenotype, and the user is told how to fix it
    expect(calls[2].warnings[0].message).toMatch(/m\.1555A>G/);
  });

  it('strips gene prefixes (PharmCATTest-cyp2d6.tsv: CYP2D6*3/CYP2D6*4)', () => {
    const [c] = parseOutsideCalls(read('test-resources/PharmCATTest-cyp2d6.tsv'), data);
    expect(c.alleles).toEqual(['*3', '*4']);
  });

  it('truncates suballeles and HLA fields (PharmCATTest-outsideCallsSuballeles.tsv)', () => {
    const calls = parseOutsideCalls(read('test-resources/PharmCATTest-outsideCallsSuballeles.tsv'), data);
    expect(calls.map((c) => c.alleles)).toEqual([['*1', '*2'], ['*02:02', '*03:02'], ['*02:01', '*04:05']]);
  });

  it('accepts calls for genes without recommendations (PharmCATTest-outsideCallsNoRecs.tsv)', () => {
    const calls = parseOutsideCalls(read('test-resources/PharmCATTest-outsideCallsNoRecs.tsv'), data);
    expect(calls.map((c) => c.gene)).toEqual(['IFNL3', 'CYP4F2']);
  });

  it('an allele name the data does not know marks that gene only (outside_CYP2D6_G6PD.tsv uses the retired "B (wildtype)")', () => {
    const calls = parseOutsideCalls(read('test-resources/reporter/outside_CYP2D6_G6PD.tsv'), data);
    expect(calls.map((c) => [c.gene, c.unknownAlleles])).toEqual([['CYP2D6', []], ['G6PD', ['B (wildtype)']]]);
    expect(calls[1].warnings.find((w) => w.code === 'outside-allele-unknown')?.message).toMatch(/Line 2: "B \(wildtype\)" is not a G6PD allele .* not interpretable/);
    const r = runPgx({ source: null, outsideCalls: calls });
    expect(r.genes.find((g) => g.gene === 'G6PD')).toMatchObject({ callStatus: 'not-interpretable', phenotypes: [], diplotypeDetails: [], diplotypes: ['B (wildtype)/B (wildtype)'] });
    expect(r.genes.find((g) => g.gene === 'CYP2D6')).toMatchObject({ callStatus: 'called', phenotypes: ['Poor Metabolizer'], activityScore: '0.0' });
    // no G6PD recommendation is matched from a gene that could not be read
    expect(r.recommendations.filter((x) => x.genes.includes('G6PD'))).toEqual([]);
  });

  it('rejects an unknown gene, a duplicate gene and an empty call with specific errors', () => {
    expect(() => parseOutsideCalls('CYP9Z9\t*1/*2\n', data)).toThrow(expect.objectContaining({ code: 'pgx/unknown-gene' }));
    expect(() => parseOutsideCalls('CYP2C9\t*1/*2\nCYP2C9\t*1/*3\n', data)).toThrow(expect.objectContaining({ code: 'pgx/outside-call-malformed' }));
    expect(() => parseOutsideCalls('CYP2C9\t\t\t\n', data)).toThrow(expect.objectContaining({ code: 'pgx/outside-call-malformed' }));
    expect(() => parseOutsideCalls('CYP2C9\t\t\t7.5\n', data)).toThrow(expect.objectContaining({ code: 'pgx/outside-call-malformed' }));
    // a bad gene name or a malformed line still refuses the file: nothing on it can be trusted
    expect(() => parseOutsideCalls('CYP2C19\t*1/*2\nCYP2C9\t*1/*2\textra\t\t\tfield\n', data)).toThrow(expect.objectContaining({ code: 'pgx/outside-call-malformed', details: expect.objectContaining({ line: 2 }) }));
  });

  it('follows the documented example file: phenotype and activity-score lines feed the lookup', () => {
    // docs/Outside-Call-Format.md example: CYP2D6 *1/*3, CYP2C9 activity 2.0, HLA-B *57:01 positive
    const calls = parseOutsideCalls('CYP2D6\t*1/*3\nCYP2C9\t\t\t2.0\nHLA-B\t\t*57:01 positive\n', data);
    const r = runPgx({ source: null, outsideCalls: calls });
    expect(r.genes.map((g) => [g.gene, g.source])).toEqual([['CYP2C9', 'outside-call'], ['CYP2D6', 'outside-call'], ['HLA-B', 'outside-call']]);
    expect(r.genes.find((g) => g.gene === 'CYP2D6')?.activityScore).toBe('1.0');
    const abacavir = r.recommendations.find((x) => x.drug === 'abacavir' && x.source === 'CPIC');
    expect(abacavir?.lookupKey).toEqual({ 'HLA-B': '*57:01 positive' });
    expect(abacavir?.warnings.map((w) => w.code)).toContain('outside-call');
    const celecoxib = r.recommendations.find((x) => x.drug === 'celecoxib' && x.source === 'CPIC');
    expect(celecoxib?.lookupKey).toEqual({ CYP2C9: '2.0' });
  });

  it('normalises phenotype spelling as documented (metaboliser, PM/IM/NM/EM/UM)', () => {
    const calls = parseOutsideCalls('CYP2C19\t\tpoor metaboliser\nTPMT\t\tIM\nNUDT15\t\tEM\n', data);
    expect(calls.map((c) => c.phenotype)).toEqual(['Poor Metabolizer', 'Intermediate Metabolizer', 'Normal Metabolizer']);
  });
});
