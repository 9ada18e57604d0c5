// A panel release replaced while an analysis that pinned it is running: the analysis still describes the
// panel it used (and says that release is no longer installed) instead of failing on a missing entry.
// Real parts: a store, the real PanelApp export of panel 504 installed as a pack, then its newer release.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { panelReleases } from '../../helpers/panel-releases.ts';
import { RESOURCES } from '../../helpers/paths.ts';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import { createPanelStore } from '../../../electron/main/services/diagnosis-workspace/panel-store.ts';
import { systemClock } from '../../../electron/main/services/clock.ts';

const tmp = makeTempDir('genodesk-panel-replaced-');
const app = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'tester' });
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

describe('a panel release replaced during an analysis', () => {
  it('is still described, as no longer installed', async () => {
    const { files } = panelReleases(tmp.dir);
    await app.packs.install({ paths: [files.v1] });
    const panels = createPanelStore({ store: app.store, actor: 'tester', clock: systemClock, panelsDir: path.join(RESOURCES, 'panels'), panelPacks: () => app.packs.panelFiles() });
    const [pinned] = panels.resolve([{ id: '504', version: '3.11' }]);
    expect(panels.describe(pinned).caveat).toBeNull();

    await app.packs.install({ paths: [files.v2] });
    const described = panels.describe(pinned);
    expect(described).toMatchObject({ id: '504', version: '3.11', origin: 'installed' });
    expect(described.caveat).toMatch(/no longer installed/);
    expect(panels.list().map((p) => `${p.id}@${p.version}`)).toContain('504@3.12');
  });
});
