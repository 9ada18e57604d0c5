// Wires the store and the domain services. Knows nothing of Electron: the desktop app, the CLI, the
// browser test harness and the tests all build GenoDesk through this one function (the CLI, for commands
// that use only the patient register, through genodesk-assembly.ts without the other services' code).
import { assembleGenoDesk } from './genodesk-assembly.ts';
import type { GenoDeskOptions } from './genodesk-assembly.ts';
import { serviceModules } from './service-modules.ts';

export type { AppEvents, GenoDesk, GenoDeskOptions } from './genodesk-assembly.ts';

export function createGenoDesk(options: GenoDeskOptions) {
  return assembleGenoDesk(options, serviceModules);
}
