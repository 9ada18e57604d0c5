// A panel comparison made while the patient's import had no annotation lists every variant in the changed
// genes, unscreened. Once the import is annotated, those findings are re-screened (when the run commits): the same two
// releases, the import's variants screened as for an annotated import, stored as a new run beside the earlier
// rows (kept, no longer listed) and audited with the before and after counts. Real store, the real PanelApp
// export of panel 504 and its derived newer release, the VCF's own VEP consequences kept by the annotation run,
// a gnomAD frequency pack (test/helpers/panel-releases.ts).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { panelCase, panelReleases, screenedPatient } from '../../helpers/panel-releases.ts';

const tmp = makeTempDir('genodesk-panel-rescreen-');
let app: GenoDesk;
let patientId: string;
const releases = panelReleases(tmp.dir);
const { entering } = releases.genes;
const patient = screenedPatient(tmp.dir, releases.genes);

beforeAll(async () => {
  app = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'tester' });
  // Not annotated before the comparison: that is what this test is about.
  patientId = await panelCase(app, { vcf: patient.vcf, gnomad: patient.gnomad, v1: releases.files.v1 }, { familyName: 'Later', givenName: 'Annotated' }, false);
  app.reanalysis.runPending();
  await app.packs.install({ paths: [releases.files.v2] });
}, 120_000);
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

const panelChanges = () => app.reanalysis.list({ patientId }).filter((c) => c.kind === 'panel');

describe('panel findings of an import annotated after the comparison', () => {
  it('are listed unscreened first, then re-screened once the import is annotated, the earlier rows kept', async () => {
    const compared = app.reanalysis.runPending().filter((r) => r.kind === 'panel');
    expect(compared).toHaveLength(1);
    // No annotation run: every stored variant in the three changed genes is listed (32 in the entering gene).
    const unscreened = panelChanges();
    expect(unscreened).toHaveLength(35);
    expect(app.reanalysis.panelGenes({ patientId }).every((g) => !g.screened && g.listed === g.inGene)).toBe(true);
    // Nothing to re-screen while the import is still not annotated.
    expect(app.reanalysis.runPending()).toEqual([]);
    const worklistCount = () => app.worklist.list({ needs: 'reanalysis-changes' }).rows.find((r) => r.patientId === patientId)?.actions.find((a) => a.kind === 'reanalysis-changes')?.count;
    expect(worklistCount()).toBe(35);

    // Annotating re-screens at once (the annotation service tells the reanalysis service when its run commits):
    // nothing is left for the next reanalysis look.
    await app.annotation.annotate({ patientId });
    expect(app.reanalysis.runPending()).toEqual([]);

    // Now the stop-gained and rare missense of the entering gene, and one variant in each of the two other genes.
    const listed = panelChanges();
    expect(listed.filter((c) => c.after?.gene === entering.entity_name).map((c) => c.variant.pos).sort()).toEqual([patient.stop.pos, patient.missense.pos].sort());
    expect(listed).toHaveLength(4);
    const genes = new Map(app.reanalysis.panelGenes({ patientId }).map((g) => [g.gene, g]));
    expect(genes.get(entering.entity_name)).toMatchObject({ inGene: 32, listed: 2, leftOut: { lowImpact: 22, common: 6, quality: 1, notCarried: 1 }, screened: true });
    expect([...genes.values()].every((g) => g.screened)).toBe(true);

    // The unscreened rows are kept (superseded, not deleted), and the re-screen is audited with both counts.
    const stored = app.store.sqlite.prepare("SELECT count(*) FROM reanalysis_changes WHERE patient_id = ? AND kind = 'panel'").pluck().get(patientId);
    expect(stored).toBe(35 + 4);
    const audit = app.audit.list('patient', patientId).filter((a) => a.action === 'reanalysis');
    expect(audit).toHaveLength(2);
    const rescreen = audit.find((a) => 'Screened with' in a.changes)?.changes;
    expect(rescreen).toMatchObject({ 'Variants to review': [35, 4] });
    expect((rescreen as Record<string, string[]>)['Screened with']).toEqual(['nothing (import not annotated)', expect.stringMatching(/^annotation run [0-9a-f-]{36}, frequency pack gnomad-/)]);

    // The worklist counts the current findings only, not the superseded ones as well.
    expect(worklistCount()).toBe(4);

    // Annotating again (a forced re-run) is a newer annotation: the findings are screened with it (audited
    // again; the same four, as the annotation is the same), and only once.
    await app.annotation.annotate({ patientId, rerun: true });
    const after = app.audit.list('patient', patientId).filter((a) => a.action === 'reanalysis');
    expect(after).toHaveLength(3);
    expect(after.find((a) => a.id !== audit[0].id && a.id !== audit[1].id)?.changes).toMatchObject({ 'Variants to review': [4, 4] });
    expect(panelChanges()).toHaveLength(4);
    expect(worklistCount()).toBe(4);
    app.reanalysis.runPending();
    expect(app.audit.list('patient', patientId).filter((a) => a.action === 'reanalysis')).toHaveLength(3);
  });

  it('are screened again with a newer frequency pack: a listed variant that became common drops out', async () => {
    expect(panelChanges()).toHaveLength(4);
    // The same gnomAD file plus the entering gene's rare missense, now at 20 % in one group.
    const lines = fs.readFileSync(patient.gnomad, 'utf8').trimEnd().split('\n');
    const m = patient.missense;
    const newer = path.join(tmp.dir, 'screen-newer.gnomad-genomes.vcf');
    fs.writeFileSync(newer, [...lines, [`chr${m.chrom}`, m.pos, '.', 'A', 'G', '.', 'PASS', 'AC=16000;AN=80000;AF=0.2;nhomalt=1600;AF_grpmax=0.25;grpmax=nfe'].join('\t')].join('\n') + '\n');
    await app.packs.install({ paths: [newer] });
    app.reanalysis.runPending();
    const listed = panelChanges();
    expect(listed).toHaveLength(3);
    expect(listed.some((c) => c.variant.pos === m.pos)).toBe(false);
    expect(app.reanalysis.panelGenes({ patientId }).find((g) => g.gene === entering.entity_name)).toMatchObject({ listed: 1, leftOut: { common: 7 } });
    const audit = app.audit.list('patient', patientId).filter((a) => a.action === 'reanalysis' && 'Screened with' in a.changes);
    const latest = audit[0].changes as Record<string, string[]>;
    expect(latest['Variants to review']).toEqual([4, 3]);
    const [before, now] = latest['Screened with'];
    expect(before.split(',')[0]).toBe(now.split(',')[0]); // the same annotation run…
    expect(before).not.toBe(now); // …another frequency pack
    // The frequency comparison itself lists the variant as having become common.
    expect(app.reanalysis.list({ patientId }).some((c) => c.kind === 'frequency' && c.variant.pos === m.pos)).toBe(true);
  });

  it('are screened again with the filters of a later analysis of the case', async () => {
    // The counsellor relaxes the rarity limits in the workspace: the missense at 25 % is no longer "common".
    await app.diagnosis.candidates({ patientId, panels: [{ id: '504', version: '3.12' }], filters: { maxAfMonoallelic: 0.5, maxAfBiallelic: 0.5 } });
    app.reanalysis.runPending();
    expect(panelChanges()).toHaveLength(4);
    expect(panelChanges().some((c) => c.variant.pos === patient.missense.pos)).toBe(true);
    const latest = app.audit.list('patient', patientId).filter((a) => a.action === 'reanalysis' && 'Screened with' in a.changes)[0].changes as Record<string, string[]>;
    expect(latest['Variants to review']).toEqual([3, 4]);
    expect(latest['Screened with'][0]).toMatch(/, default filters$/);
    expect(latest['Screened with'][1]).toMatch(/, analysis filters [0-9a-f]{12}$/);
  });

  it('with nothing unscreened left, neither a re-screen nor the next reanalysis look makes a run', () => {
    // runPending applies the same rule (for an import whose re-screen at annotation failed): nothing to do here.
    expect(app.reanalysis.rescreenPanels()).toEqual([]);
    expect(app.reanalysis.runPending()).toEqual([]);
  });
});
