// Child process for packs-install.kill.integration.test.ts: installs the transcript pack made of GFF3 and
// FASTA into DATADIR as version VERSION, printing "ready" just before the install starts, "phase NAME BYTES"
// as it goes and "complete" at the end, so the parent can SIGKILL it at any moment.
//   node kill-install-child.ts DATADIR VERSION GFF3 FASTA
import { createPacksService } from '../../../electron/main/services/packs/packs-service.ts';

const [dataDir, version, gff3, fasta] = process.argv.slice(2);
const packs = createPacksService({ dataDir, actor: 'kill-test' });
process.stdout.write('ready\n');
await packs.install({ paths: [gff3, fasta], version }, { onProgress: (p) => process.stdout.write(`phase ${p.phase} ${p.bytes}\n`) });
process.stdout.write('complete\n');
