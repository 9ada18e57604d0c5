import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Search columns (`*_fold`) hold case- and accent-folded names so prefix search is an index range scan,
// not a table scan: the register must answer within 50 ms at 100,000 patients (npm run bench:patients).
export const patients = sqliteTable(
  'patients',
  {
    id: text('id').primaryKey(),
    nhsNumber: text('nhs_number').notNull(),
    familyName: text('family_name').notNull(),
    givenName: text('given_name').notNull(),
    familyFold: text('family_fold').notNull(),
    givenFold: text('given_fold').notNull(),
    birthDate: text('birth_date').notNull(),
    sex: text('sex').notNull(),
    /** Local edit counter: an edit must name the version it was based on (no silent lost update). */
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('patients_nhs_number_uq').on(t.nhsNumber),
    index('patients_family_fold_idx').on(t.familyFold),
    index('patients_given_fold_idx').on(t.givenFold),
    index('patients_birth_date_idx').on(t.birthDate),
  ],
);
