// `genodesk pgx …` and `genodesk report` (CLI.md) run as child processes: JSON on stdout, exit 0/1/2, the
// same calls from the stored import as from the file, outside calls, the clinician PDF, and the issued
// report reaching the central FHIR server through `genodesk sync`. Expected calls come from PharmCAT's
// example files (.match.json, .phenotype.json).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirTestServer } from '../../fixtures/fhir-server/fhir-test-server.ts';
import type { FhirTestServer } from '../../fixtures/fhir-server/fhir-test-server.ts';
import { GENODESK_REPORT_SYSTEM } from '../../../electron/main/services/sync/fhir-systems.ts';
import { REPORT_KINDS } from '../../../electron/cli/commands/report.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { EXAMPLE_OUTSIDE, EXAMPLE_VCF, PHARMCAT } from './pharmcat-agreement.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads arbitrary JSON paths
type Json = Record<string, any>;

const { dir, cleanup } = makeTempDir('genodesk-pgx-cli-');
let server: FhirTestServer;
beforeAll(async () => {
  server = await startFhirTestServer({});
});
afterAll(async () => {
  await server.close();
  cleanup();
});

// Asynchronous: the FHIR server runs in this process and must keep answering while the CLI runs.
async function genodesk(args: string[], env: Record<string, string | undefined> = {}): Promise<{ status: number; json: Json; stdout: string }> {
  const r = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'bin/genodesk.js'), ...args], {
    env: { ...process.env, GENODESK_DATA_DIR: path.join(dir, 'data'), GENODESK_DB_KEY: 'cli-key', ...env },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  }).then(
    (ok) => ({ stdout: ok.stdout, code: 0 }),
    (err: { stdout: string; code: number }) => ({ stdout: err.stdout, code: err.code }),
  );
  let json: Json = {};
  try {
    json = JSON.parse(r.stdout) as Json;
  } catch {
    // --help prints text
  }
  return { status: r.code, json, stdout: r.stdout };
}

const matchJson = JSON.parse(fs.readFileSync(path.join(PHARMCAT, 'examples', 'pharmcat.example.match.json'), 'utf8')) as { results: { gene: string; diplotypes: { name: string }[] }[] };
const diplotypesOf = (r: Json) => Object.fromEntries((r.genes as Json[]).map((g) => [g.gene, (g.diplotypes as string[]).join(' | ')]));

describe('genodesk pgx and report', () => {
  const NHS = '943 476 5919';

  it('pgx --vcf needs no store or key and matches .match.json; usage errors exit 2', async () => {
    const r = await genodesk(['pgx', '--vcf', EXAMPLE_VCF], { GENODESK_DB_KEY: undefined, GENODESK_DATA_DIR: path.join(dir, 'never-created') });
    expect(r.status).toBe(0);
    expect(Object.keys(r.json)).toEqual(expect.arrayContaining(['dataVersions', 'genes', 'recommendations']));
    for (const e of matchJson.results) expect(diplotypesOf(r.json)[e.gene], e.gene).toBe(e.diplotypes.map((d) => d.name).join(' | '));
    expect(r.json.genotypeSource).toMatchObject({ kind: 'file', importId: null, fileName: 'pharmcat.example.vcf' });
    expect(fs.existsSync(path.join(dir, 'never-created'))).toBe(false);

    const combos = await genodesk(['pgx', '--vcf', EXAMPLE_VCF, '--all-matches', '--find-combinations', '--no-exemptions'], { GENODESK_DB_KEY: undefined });
    expect(combos.json.options).toEqual({ topCandidateOnly: false, findCombinations: true, withExemptions: false, callCyp2d6: false });

    expect(await genodesk(['pgx', '--vcf', EXAMPLE_VCF, '--bogus'])).toMatchObject({ status: 2, json: { error: { code: 'cli/unknown-option' } } });
    expect(await genodesk(['pgx'])).toMatchObject({ status: 1, json: { error: { code: 'cli/missing-argument' } } });
    expect(await genodesk(['pgx', '--vcf', EXAMPLE_VCF, '--patient', NHS])).toMatchObject({ status: 1, json: { error: { code: 'cli/usage' } } });
    const help = await genodesk(['pgx', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: genodesk pgx/);
  });

  it('pgx --patient: no import, then the stored import gives the same calls as the file; outside calls feed it', async () => {
    const added = await genodesk(['patients', 'add', '--nhs-number', NHS, '--family-name', 'Example', '--given-name', 'Cli', '--birth-date', '1970-01-01']);
    expect(added.status).toBe(0);
    expect(await genodesk(['pgx', '--patient', NHS])).toMatchObject({ status: 1, json: { error: { code: 'pgx/no-import' } } });
    expect(await genodesk(['pgx', '--patient', 'nobody'])).toMatchObject({ status: 1, json: { error: { code: 'patients/not-found' } } });

    expect((await genodesk(['import', EXAMPLE_VCF, '--patient', NHS])).json.import.status).toBe('complete');
    const stored = await genodesk(['pgx', '--patient', NHS]);
    expect(stored.status).toBe(0);
    for (const e of matchJson.results) expect(diplotypesOf(stored.json)[e.gene], e.gene).toBe(e.diplotypes.map((d) => d.name).join(' | '));
    const fromFile = await genodesk(['pgx', '--vcf', EXAMPLE_VCF]);
    expect(stored.json.recommendations).toEqual(fromFile.json.recommendations);
    expect(stored.json.genotypeSource).toMatchObject({ kind: 'import', fileName: 'pharmcat.example.vcf' });
    const id = added.json.patient.id as string;
    expect((await genodesk(['pgx', '--patient', id, '--all-matches'])).json.options.topCandidateOnly).toBe(false);

    const oc = await genodesk(['pgx', 'outside-call', '--patient', NHS, EXAMPLE_OUTSIDE]);
    expect(oc.status).toBe(0);
    expect(oc.json.outsideCalls.calls.map((c: Json) => c.gene)).toEqual(['CYP2D6', 'HLA-B', 'MT-RNR1']);
    const withCalls = await genodesk(['pgx', '--patient', NHS]);
    const cyp2d6 = (withCalls.json.genes as Json[]).find((g) => g.gene === 'CYP2D6')!;
    const phen = JSON.parse(fs.readFileSync(path.join(PHARMCAT, 'examples', 'pharmcat.example.phenotype.json'), 'utf8')) as Json;
    expect(cyp2d6).toMatchObject({ source: 'outside-call', diplotypes: ['*1/*3'], phenotypes: phen.geneReports.CYP2D6.sourceDiplotypes.flatMap((d: Json) => d.phenotypes) });

    // An allele nobody knows marks that gene "not interpretable"; the rest of the file is used.
    const mixed = path.join(dir, 'mixed.tsv');
    fs.writeFileSync(mixed, 'CYP2D6\t*1/*999\nHLA-B\t\t*57:01 negative\n');
    expect(await genodesk(['pgx', 'outside-call', '--patient', NHS, mixed])).toMatchObject({ status: 0, json: { outsideCalls: { notInterpretable: ['CYP2D6'] } } });
    const afterMixed = await genodesk(['pgx', '--patient', NHS]);
    expect((afterMixed.json.genes as Json[]).find((g) => g.gene === 'CYP2D6')).toMatchObject({ source: 'outside-call', callStatus: 'not-interpretable', phenotypes: [], diplotypes: ['*1/*999'] });
    expect((afterMixed.json.genes as Json[]).find((g) => g.gene === 'HLA-B')).toMatchObject({ source: 'outside-call', phenotypes: ['*57:01 negative'] });
    expect(await genodesk(['pgx', 'outside-call', '--patient', NHS])).toMatchObject({ status: 2, json: { error: { code: 'cli/missing-argument' } } });
  }, 180_000); // about twenty CLI processes, each opening the encrypted store: slow on a loaded 2-core machine

  it('report --kind pgx writes the PDF and the issued report reaches the FHIR server with sync; other kinds say so', async () => {
    const out = path.join(dir, 'pgx-report.pdf');
    const r = await genodesk(['report', '--patient', NHS, '--out', out]);
    expect(r.status).toBe(0);
    expect(r.json.report).toMatchObject({ kind: 'pgx', file: out, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await genodesk(['report', '--patient', NHS, '--out', path.join(dir, 'again.pdf'), '--kind', 'pgx'])).status).toBe(0);

    const diagnostic = await genodesk(['report', '--patient', NHS, '--out', path.join(dir, 'd.pdf'), '--kind', 'diagnostic']);
    // A kind in the dispatch table without a writer yet (the diagnosis workspace adds its own) says so.
    if (REPORT_KINDS.diagnostic === null) expect(diagnostic).toMatchObject({ status: 1, json: { error: { code: 'cli/usage', message: expect.stringMatching(/not available/) } } });
    expect(await genodesk(['report', '--patient', NHS, '--out', path.join(dir, 'x.pdf'), '--kind', 'astrology'])).toMatchObject({ status: 1, json: { error: { code: 'cli/usage', details: { option: 'kind' } } } });
    expect(await genodesk(['report', '--patient', NHS, '--out', path.join(dir, 'x.txt')])).toMatchObject({ status: 1, json: { error: { code: 'pgx/report-path-invalid' } } });
    expect(await genodesk(['report', '--patient', NHS])).toMatchObject({ status: 1, json: { error: { code: 'cli/missing-argument', details: { option: 'out' } } } });

    const sync = await genodesk(['sync', '--server', server.url]);
    expect(sync.status).toBe(0);
    expect(sync.json).toMatchObject({ conflicts: 0, pending: 0 });
    const reports = server.repo.allOf('DiagnosticReport').filter((d) => (d.identifier ?? []).some((i) => i.system === GENODESK_REPORT_SYSTEM && i.value === r.json.report.id));
    expect(reports).toHaveLength(1);
  });
});
