// Every CLI command, in the order `genodesk --help` lists them.
import type { Command } from '../command.ts';
import { patientCommands } from './patients.ts';
import { importCommands } from './imports.ts';
import { syncCommands } from './sync.ts';
import { pgxCommands } from './pgx.ts';
import { reportCommands } from './report.ts';
import { annotateCommands } from './annotate.ts';
import { packsCommands } from './packs.ts';
import { familyCommands } from './family.ts';
import { phenotypeCommands } from './phenotype.ts';

export const allCommands: Command[] = [...patientCommands, ...importCommands, ...syncCommands, ...pgxCommands, ...reportCommands, ...annotateCommands, ...packsCommands, ...phenotypeCommands, ...familyCommands];
