// Child process for annotate.kill.integration.test.ts: re-annotates the one patient's import in DATADIR,
// printing "ready" just before it starts, "progress DONE" as chunks are stored and "complete" at the end, so
// the parent can SIGKILL it at any moment.
//   node kill-annotate-child.ts DATADIR PATIENT_ID
import { createGenoDesk } from '../../../electron/main/composition.ts';

const [dataDir, patientId] = process.argv.slice(2);
const app = createGenoDesk({ dataDir, dbKey: 'kill', actor: 'kill-test' });
process.stdout.write('ready\n');
await app.annotation.annotate({ patientId, rerun: true }, { onProgress: (p) => process.stdout.write(`progress ${p.phase} ${p.done}\n`) });
process.stdout.write('complete\n');
await app.close();
