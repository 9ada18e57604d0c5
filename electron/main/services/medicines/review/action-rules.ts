// The action rules moved to shared/pgx-action.ts so the renderer's Pharmacogenomics tab uses the same rules
// (the renderer may not import electron/); re-exported here so the medicines code is unchanged.
export * from '../../../../../shared/pgx-action.ts';
