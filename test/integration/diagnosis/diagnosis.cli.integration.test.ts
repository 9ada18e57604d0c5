// The command line on a real case (CLI.md): `annotate --patient P --panel ID[@VERSION]` lists the ranked
// candidates with tier and reasons; `report --patient P --kind diagnostic --out FILE.pdf` issues the PDF.
// The store is prepared in-process (patient, import, referral, classification), then the real `genodesk`
// binary runs against the same data folder. Expected HGVS come from the MacArthur-lab ClinVar table.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { COL6A2_MISSENSE, COQ8A_STOP } from '../../helpers/planted-vcf.ts';
import { DB_KEY, openApp, registerWithImport, saveReferral } from './helpers/case.ts';

const tmp = makeTempDir('genodesk-dx-cli-');
const dataDir = path.join(tmp.dir, 'data');
const coq8a = COQ8A_STOP();
const col6a2 = COL6A2_MISSENSE();

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads arbitrary JSON paths
type Json = Record<string, any>;

function genodesk(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/genodesk.js'), ...args], {
    env: { ...process.env, GENODESK_DATA_DIR: dataDir, GENODESK_DB_KEY: DB_KEY },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let json: Json = {};
  try {
    json = JSON.parse(r.stdout) as Json;
  } catch {
    // --help prints text
  }
  return { status: r.status, stdout: r.stdout, json };
}

beforeAll(async () => {
  const app = openApp(dataDir);
  const { patient } = await registerWithImport(app, tmp.dir, { nhsNumber: '943 476 5919', familyName: 'Cli' });
  saveReferral(app, patient.id);
  app.diagnosis.classifications.save({
    variant: { build: 'GRCh38', chrom: `chr${coq8a.chrom}`, pos: Number(coq8a.pos), ref: coq8a.ref, alt: coq8a.alt },
    criteria: [
      { code: 'PVS1', strength: 'very-strong' },
      { code: 'PM2', strength: 'supporting' },
    ],
    comment: 'Homozygous nonsense variant in a biallelic gene.',
  });
  await app.close();
}, 60_000);

afterAll(() => tmp.cleanup());

describe('genodesk annotate --panel / report --kind diagnostic', () => {
  it('annotate --patient NHS --panel 1141 --panel 207@6.8: ranked candidates with tier, reasons and the lab class', () => {
    const r = genodesk(['annotate', '--patient', '9434765919', '--panel', '1141', '--panel', '207@6.8']);
    expect(r.status).toBe(0);
    const [first, second] = r.json.variants as Json[];
    expect(first).toMatchObject({ rank: 1, tier: 1, gene: 'COQ8A', hgvsc: coq8a.hgvs_c, hgvsp: coq8a.hgvs_p, consequence: 'stop_gained', zygosity: 'homozygous' });
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['chrom', 'pos', 'ref', 'alt', 'gene', 'transcript', 'hgvsc', 'hgvsp', 'consequence', 'clinvar', 'tier', 'reasons']));
    expect(first.clinvar).toMatchObject({ significance: coq8a.clinical_significance, stars: Number(coq8a.gold_stars) });
    expect(first.labClassification).toMatchObject({ acmgClass: 'likely-pathogenic', version: 1 });
    expect((first.reasons as Json[]).map((x) => x.kind)).toEqual(expect.arrayContaining(['tier', 'consequence', 'panel', 'inheritance', 'clinvar', 'frequency', 'quality']));
    expect(second).toMatchObject({ tier: 2, gene: 'COL6A2', hgvsp: col6a2.hgvs_p });
    expect(r.json.total).toBe((r.json.variants as Json[]).length);
    expect(r.json.analysis.panels.map((p: Json) => `${p.id}@${p.version}`)).toEqual(['1141@2.7', '207@6.8']);

    // Looser quality filters let more calls through (the NA12878 file has non-PASS calls in COL6A1/2).
    const loose = genodesk(['annotate', '--patient', '9434765919', '--panel', '207', '--any-filter']);
    const strict = genodesk(['annotate', '--patient', '9434765919', '--panel', '207']);
    expect(loose.json.summary.failedQuality).toBe(0);
    expect(strict.json.summary.failedQuality).toBeGreaterThan(0);
    expect(loose.json.total).toBeGreaterThan(strict.json.total);
  });

  it('unknown panel or version: exit 1 with a specific error', () => {
    const unknown = genodesk(['annotate', '--patient', '9434765919', '--panel', '424242']);
    expect(unknown.status).toBe(1);
    expect(unknown.json.error.code).toBe('diagnosis/unknown-panel');
    const version = genodesk(['annotate', '--patient', '9434765919', '--panel', '207@9.9']);
    expect(version.status).toBe(1);
    expect(version.json.error).toMatchObject({ code: 'diagnosis/unknown-panel-version', details: { requestedVersion: '9.9', installedVersions: ['6.8'] } });
    const bad = genodesk(['annotate', '--patient', '9434765919', '--panel', '207@']);
    expect(bad.json.error.code).toBe('cli/usage');
    expect(genodesk(['annotate', '--help']).stdout).toContain('--panel ID[@VERSION]');
  });

  it('report --kind diagnostic --out FILE.pdf issues the report', () => {
    const out = path.join(tmp.dir, 'cli-report.pdf');
    const r = genodesk(['report', '--patient', '9434765919', '--kind', 'diagnostic', '--out', out, '--authorised-by', 'Dr A Scientist']);
    expect(r.status).toBe(0);
    expect(r.json.report).toMatchObject({ kind: 'diagnostic', file: out, outcome: 'positive', variants: [{ gene: 'COQ8A', hgvsc: coq8a.hgvs_c, acmgClass: 'likely-pathogenic' }] });
    expect(r.json.report.panels.map((p: Json) => p.version)).toEqual(['2.7', '6.8']);
    expect(r.json.report.secondaryFindings).toBe('not-consented');
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
