// Panel reanalysis on an annotated genome: only the variants worth re-reviewing in a gene that changed on the
// panel are listed; the rest are counted per gene with the reason. Real store, the real PanelApp export of panel
// 504 and its derived newer release (test/helpers/panel-releases.ts), the import annotated by the annotation
// service (the VCF's own VEP consequences kept in the run) and a gnomAD frequency pack installed through the
// packs service. Before this screen, all 32 variants in the entering gene were listed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { geneMiddle as mid, panelCase, panelReleases, screenedPatient } from '../../helpers/panel-releases.ts';

const tmp = makeTempDir('genodesk-panel-screen-');
let app: GenoDesk;
let patientId: string;
// A second case with the same genome whose counsellor's analysis did not require FILTER PASS.
let relaxedId: string;
const releases = panelReleases(tmp.dir);
const { leaving, downgraded, entering } = releases.genes;
const patient = screenedPatient(tmp.dir, releases.genes);

beforeAll(async () => {
  app = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'tester' });
  patientId = await panelCase(app, { vcf: patient.vcf, gnomad: patient.gnomad, v1: releases.files.v1 }, { familyName: 'Screen', givenName: 'Case' }, true);
  relaxedId = app.patients.create({ nhsNumber: '9434765870', familyName: 'Relaxed', givenName: 'Case', birthDate: '1981-01-01', sex: 'female' }).id;
  await app.imports.importVcf({ file: patient.vcf, patientId: relaxedId, build: 'GRCh38' });
  await app.annotation.annotate({ patientId: relaxedId });
  app.diagnosis.referral.save({ patientId: relaxedId, clinicalIndication: 'Colorectal polyposis', hpoTerms: [], panels: [{ id: '504' }] });
  await app.diagnosis.candidates({ patientId: relaxedId, filters: { requirePass: false } });
  app.reanalysis.runPending();
  await app.packs.install({ paths: [releases.files.v2] });
}, 120_000);
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

describe('panel reanalysis lists only the variants worth re-reviewing', () => {
  it('lists the stop-gained and rare missense variants of the entering gene and counts the rest by reason', () => {
    const runs = app.reanalysis.runPending().filter((r) => r.kind === 'panel');
    expect(runs).toHaveLength(1);
    // 4 variants of this case, 5 of the relaxed one (its LowQual missense passes its own filters).
    expect(runs[0]).toMatchObject({ changedAlleles: 3, patientChanges: 9 });

    const changes = app.reanalysis.list({ patientId }).filter((c) => c.kind === 'panel');
    expect(changes.map((c) => `${String(c.after?.gene)} ${c.variant.pos}`).sort()).toEqual(
      [`${entering.entity_name} ${patient.stop.pos}`, `${entering.entity_name} ${patient.missense.pos}`, `${leaving.entity_name} ${mid(leaving).pos}`, `${downgraded.entity_name} ${mid(downgraded).pos}`].sort(),
    );

    const genes = new Map(app.reanalysis.panelGenes({ patientId }).map((g) => [g.gene, g]));
    expect(genes.get(entering.entity_name)).toMatchObject({
      panelId: '504',
      inGene: patient.inEntering,
      listed: 2,
      // 20 rare intronic + 2 synonymous; 6 intronic above the monoallelic 0.001 threshold; one failing FILTER; one 0/0.
      leftOut: { lowImpact: 22, common: 6, quality: 1, notCarried: 1 },
      screened: true,
      pack: { id: 'panelapp-504', version: '3.12' },
      previousPack: { id: 'panelapp-504', version: '3.11' },
    });
    expect(genes.get(leaving.entity_name)).toMatchObject({ inGene: 2, listed: 1, leftOut: { lowImpact: 1, common: 0, quality: 0, notCarried: 0 }, screened: true });
    expect(genes.get(downgraded.entity_name)).toMatchObject({ inGene: 1, listed: 1, leftOut: { lowImpact: 0, common: 0, quality: 0, notCarried: 0 } });

    const audit = app.audit.list('patient', patientId).filter((a) => a.action === 'reanalysis');
    expect(audit).toHaveLength(1);
    expect(audit[0].changes).toMatchObject({ 'Variants to review': [0, 4], 'Variants in changed genes not listed': [0, 31] });

    // `genodesk reanalysis` carries the counts as an added field (CLI.md: names fixed, fields added).
    const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/genodesk.js'), 'reanalysis', '--patient', patientId], {
      env: { ...process.env, GENODESK_DATA_DIR: path.join(tmp.dir, 'data'), GENODESK_DB_KEY: 'k' },
      encoding: 'utf8',
    });
    expect(cli.status).toBe(0);
    const printed = JSON.parse(cli.stdout) as { changes: { kind: string }[]; panelGenes: { gene: string; inGene: number; listed: number; leftOut: Record<string, number> }[] };
    expect(printed.changes.filter((c) => c.kind === 'panel')).toHaveLength(4);
    expect(printed.panelGenes.find((g) => g.gene === entering.entity_name)).toMatchObject({ inGene: patient.inEntering, listed: 2, leftOut: { lowImpact: 22, common: 6 } });
  });

  it('screens with the filters of the case’s own latest analysis: relaxed FILTER PASS lists the LowQual missense', () => {
    const genes = new Map(app.reanalysis.panelGenes({ patientId: relaxedId }).map((g) => [g.gene, g]));
    expect(genes.get(entering.entity_name)).toMatchObject({ inGene: patient.inEntering, listed: 3, leftOut: { lowImpact: 22, common: 6, quality: 0, notCarried: 1 } });
    const listed = app.reanalysis.list({ patientId: relaxedId }).filter((c) => c.kind === 'panel' && c.after?.gene === entering.entity_name);
    expect(listed.map((c) => c.variant.pos).sort((a, b) => a - b)).toEqual([patient.stop.pos, patient.missense.pos, patient.stop.pos + 30_000].sort((a, b) => a - b));
  });
});
