// Reanalysis for PanelApp panels on a real store, with the real PanelApp API export of panel 504 and a newer
// release derived from it by the documented edit in test/helpers/panel-releases.ts (one gene left, one
// downgraded green → amber, BRCA2 entered). The patient's case (referral) uses panel 504; the patient carries
// one variant inside each of those three genes, one in an unchanged gene and one between genes. A second
// patient with the same variants has no case using the panel.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { geneMiddle as mid, panelReleases } from '../../helpers/panel-releases.ts';

const tmp = makeTempDir('genodesk-panel-reanalysis-');
let app: GenoDesk;
let caseId: string;
let otherId: string;
const releases = panelReleases(tmp.dir);
const { files } = releases;
const { leaving, downgraded, entering } = releases.genes;

beforeAll(async () => {
  app = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'tester' });
  const vcf = releases.vcf;
  caseId = app.patients.create({ nhsNumber: '9434765919', familyName: 'Panel', givenName: 'Case', birthDate: '1980-01-01', sex: 'female' }).id;
  otherId = app.patients.create({ nhsNumber: '9434765870', familyName: 'Other', givenName: 'Case', birthDate: '1981-01-01', sex: 'male' }).id;
  await app.imports.importVcf({ file: vcf, patientId: caseId, build: 'GRCh38' });
  await app.imports.importVcf({ file: vcf, patientId: otherId, build: 'GRCh38' });
});
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

describe('reanalysis of PanelApp panel changes', () => {
  it('an updated panel pack lists the case patient’s variants in genes that entered, left or changed rating, audited', async () => {
    const first = await app.packs.install({ paths: [files.v1] });
    expect(first).toMatchObject({ id: 'panelapp-504', kind: 'panel', version: '3.11' });
    app.diagnosis.referral.save({ patientId: caseId, clinicalIndication: 'Colorectal polyposis', hpoTerms: [], panels: [{ id: '504' }] });
    // One release only: nothing to compare yet.
    expect(app.reanalysis.runPending().filter((r) => r.kind === 'panel')).toEqual([]);

    const second = await app.packs.install({ paths: [files.v2] });
    // The same pack id: the earlier release's files are gone, its genes were recorded at its install.
    expect(second).toMatchObject({ id: 'panelapp-504', version: '3.12' });
    const runs = app.reanalysis.runPending().filter((r) => r.kind === 'panel');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ kind: 'panel', build: 'any', from: { id: 'panelapp-504', version: '3.11' }, to: { id: 'panelapp-504', version: '3.12' }, changedAlleles: 3, patientChanges: 3 });

    const changes = app.reanalysis.list({ patientId: caseId }).filter((c) => c.kind === 'panel');
    const byGene = new Map(changes.map((c) => [String(c.after?.gene), c]));
    expect([...byGene.keys()].sort()).toEqual([leaving.entity_name, downgraded.entity_name, entering.entity_name].sort());
    const panel = { panelId: '504', panel: expect.stringContaining('polyposis') };
    expect(byGene.get(leaving.entity_name)).toMatchObject({
      before: { ...panel, version: '3.11', gene: leaving.entity_name, rating: 'green' },
      after: { ...panel, version: '3.12', gene: leaving.entity_name, rating: null, moi: null },
      pack: { id: 'panelapp-504', version: '3.12' },
      previousPack: { id: 'panelapp-504', version: '3.11' },
      variant: { chrom: `chr${mid(leaving).chrom}`, pos: mid(leaving).pos, ref: 'A', alt: 'G' },
    });
    expect(byGene.get(downgraded.entity_name)).toMatchObject({ before: { rating: 'green' }, after: { rating: 'amber' } });
    expect(byGene.get(entering.entity_name)).toMatchObject({ before: { rating: null, version: '3.11' }, after: { rating: 'green', version: '3.12' } });
    // Not annotated: nothing could be screened out, and each gene's count says so.
    const counts = app.reanalysis.panelGenes({ patientId: caseId });
    expect(counts.map((g) => [g.gene, g.inGene, g.listed, g.screened]).sort()).toEqual(
      [leaving, downgraded, entering].map((g) => [g.entity_name, 1, 1, false]).sort(),
    );
    // No case of the other patient uses the panel.
    expect(app.reanalysis.list({ patientId: otherId }).filter((c) => c.kind === 'panel')).toEqual([]);

    const audit = app.audit.list('patient', caseId).filter((a) => a.action === 'reanalysis');
    expect(audit).toHaveLength(1);
    expect(audit[0].changes).toMatchObject({ 'Variants to review': [0, 3] });
    expect(app.audit.list('patient', otherId).filter((a) => a.action === 'reanalysis')).toEqual([]);

    // The same pair of releases is compared once; the findings stay.
    expect(app.reanalysis.runPending().filter((r) => r.kind === 'panel')).toEqual([]);
    expect(app.reanalysis.list({ patientId: caseId }).filter((c) => c.kind === 'panel')).toHaveLength(3);

    // `genodesk reanalysis --patient` prints the same findings (CLI.md: kind "panel", before/after).
    const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/genodesk.js'), 'reanalysis', '--patient', caseId], {
      env: { ...process.env, GENODESK_DATA_DIR: path.join(tmp.dir, 'data'), GENODESK_DB_KEY: 'k' },
      encoding: 'utf8',
    });
    expect(cli.status).toBe(0);
    const printed = (JSON.parse(cli.stdout) as { changes: { kind: string; after: { gene: string; rating: string | null } }[] }).changes.filter((c) => c.kind === 'panel');
    expect(printed.map((c) => [c.after.gene, c.after.rating]).sort()).toEqual(
      [
        [leaving.entity_name, null],
        [downgraded.entity_name, 'amber'],
        [entering.entity_name, 'green'],
      ].sort(),
    );
  });
});
