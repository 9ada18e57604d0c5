import { describe, expect, it } from 'vitest';
import { checkLayering, importsOf, readSourceTree } from '../../../scripts/check-layering.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';

describe('layering', () => {
  it('the source tree has no layering violations', () => {
    const files = readSourceTree(REPO_ROOT);
    expect(files.length).toBeGreaterThan(20);
    expect(checkLayering(files)).toEqual([]);
  });

  it('catches each planted violation', () => {
    const planted = [
      { path: 'shared/bad-node.ts', source: "import fs from 'node:fs';" },
      { path: 'shared/bad-local.ts', source: "import { openStore } from '../electron/main/db/connection.ts';" },
      { path: 'shared/bad-react.ts', source: "import { useState } from 'react';" },
      { path: 'renderer/src/bad.tsx', source: "import { createGenoDesk } from '../../electron/main/composition.ts';" },
      { path: 'electron/main/services/bad.ts', source: "import { app } from 'electron';" },
      { path: 'electron/main/workers/bad.worker.ts', source: "const { ipcMain } = require('electron');" },
      { path: 'electron/cli/bad.ts', source: "export { App } from '../../renderer/src/App.tsx';" },
      { path: 'electron/main/services/family/family-store.ts', source: "import { writeAudit } from '../audit.ts';\nwriteAudit(sqlite, {});" },
      { path: 'electron/main/services/medicines/store.ts', source: "import { writeOutbox } from '../outbox.ts';\nwriteOutbox(sqlite, {});" },
      { path: 'electron/main/services/annotation/x.ts', source: "import { compare } from '../../../../scripts/agreement.ts';" },
    ];
    const found = checkLayering(planted).map((v) => v.file);
    expect(found.sort()).toEqual(planted.map((p) => p.path).sort());
  });

  it('allows the intended imports', () => {
    const fine = [
      { path: 'shared/ipc/contract.ts', source: "import { z } from 'zod';\nimport type { X } from '../errors.ts';" },
      { path: 'renderer/src/a.tsx', source: "import { call } from './lib/ipc-client.ts';\nimport type { Patient } from '../../shared/schemas/patient.ts';" },
      { path: 'electron/main/index.ts', source: "import { app } from 'electron';" },
      { path: 'electron/main/services/x.ts', source: "import fs from 'node:fs';" },
      { path: 'electron/main/services/family/family-store.ts', source: "import { createMutator } from '../mutator.ts';\nimport { listAudit } from '../audit.ts';" },
    ];
    expect(checkLayering(fine)).toEqual([]);
    expect(importsOf("import a from 'a';\nexport * from './b.ts';\nconst c = await import('c');\nimport 'd.css';")).toEqual(['a', './b.ts', 'c', 'd.css']);
  });
});
