import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import { patients } from './patients.ts';

// A family is recorded around its proband (one family per proband). Members are registered patients; each
// row keeps the member's relation to the proband, sex and affected status as the family was recorded (a
// PED's sex may be the only one known), and the parents within the family so the pedigree can be drawn.
export const families = sqliteTable(
  'families',
  {
    id: text('id').primaryKey(),
    probandId: text('proband_id')
      .notNull()
      .references(() => patients.id),
    /** The PED file's family id when the family came from a PED. */
    pedFamilyId: text('ped_family_id'),
    /**
     * The clinical genetics service's pedigree number for this family, as given to GenoDesk (never made up by it):
     * sent with NHS England's `https://fhir.nhs.uk/Id/genomics-pedigree-number` system (services/sync/family-resources.ts).
     */
    pedigreeNumber: text('pedigree_number'),
    /** Local edit counter, as for patients: an edit names the version it was based on. */
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('families_proband_uq').on(t.probandId)],
);

export const familyMembers = sqliteTable(
  'family_members',
  {
    familyId: text('family_id')
      .notNull()
      .references(() => families.id),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    relation: text('relation').notNull(),
    sex: text('sex').notNull(),
    affected: text('affected').notNull(),
    fatherId: text('father_id'),
    motherId: text('mother_id'),
    /** VCF sample name the member was matched by (from a PED), if any. */
    sample: text('sample'),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.familyId, t.patientId] }), index('family_members_patient_idx').on(t.patientId)],
);
