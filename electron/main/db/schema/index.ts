// Every table of the store. drizzle-kit reads this folder to generate migrations (npm run db:generate).
export * from './patients.ts';
export * from './audit-log.ts';
export * from './sync-outbox.ts';
export * from './sync.ts';
export * from './imports.ts';
export * from './pgx.ts';
export * from './annotation.ts';
export * from './diagnosis.ts';
export * from './family.ts';
export * from './patient-phenotype.ts';
