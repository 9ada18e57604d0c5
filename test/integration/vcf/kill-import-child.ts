// Child process for kill.integration.test.ts: imports FILE for PATIENT into the store at DB in small
// batches, printing "ready" just before the import starts, "progress RECORDS" as batches commit, and
// "complete ID" at the end, so the parent can SIGKILL it at any moment.
//   node kill-import-child.ts DB KEY PATIENT FILE
import { openStore } from '../../../electron/main/db/connection.ts';
import { createImportService } from '../../../electron/main/services/vcf/import-service.ts';

const [db, key, patientId, file] = process.argv.slice(2);
const store = openStore({ file: db, key });
const service = createImportService({ store, actor: 'kill-test', batchRows: 1500 });
process.stdout.write('ready\n');
const result = await service.importVcf(
  { file, patientId },
  {
    onProgress: (p) => {
      if (p.phase === 'reading') process.stdout.write(`progress ${p.records}\n`);
    },
  },
);
process.stdout.write(`complete ${result.id}\n`);
store.close();
