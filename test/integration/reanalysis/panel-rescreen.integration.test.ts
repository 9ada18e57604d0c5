// A panel comparison made while the patient's import had no annotation lists every variant in the changed
// genes, unscreened. Once the import is annotated, those findings are re-screened (when the run commits): the same two
// releases, the import's variants screened as for an annotated import, stored as a new run beside the earlier
// rows (kept, no longer listed) and audited with the before and after counts. Real store, the real PanelApp
// export of panel 504 and its derived newer release, the VCF's own VEP consequences kept by the annotation run,
// a gnomAD frequency pack (test/helpers/panel-releases.ts).
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
    expect(audit.find((a) => 'Screened with the annotation' in a.changes)?.changes).toMatchObject({ 'Variants to review': [35, 4] });

    // The worklist counts the current findings only, not the superseded ones as well.
    expect(worklistCount()).toBe(4);

    // Done once: annotating again (a forced re-run) re-screens nothing more, and the list stays the same.
    await app.annotation.annotate({ patientId, rerun: true });
    expect(app.audit.list('patient', patientId).filter((a) => a.action === 'reanalysis')).toHaveLength(2);
    expect(panelChanges()).toHaveLength(4);
  });

  it('with nothing unscreened left, neither a re-screen nor the next reanalysis look makes a run', () => {
    // runPending applies the same rule (for an import whose re-screen at annotation failed): nothing to do here.
    expect(app.reanalysis.rescreenPanels()).toEqual([]);
    expect(app.reanalysis.runPending()).toEqual([]);
  });
});
