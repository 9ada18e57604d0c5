// The pedigree drawn with the standard symbols (Bennett et al., "Standardized human pedigree nomenclature",
// J Genet Couns 2008; NSGC update 2022): square male, circle female, diamond sex unknown; filled affected,
// open unaffected, "?" affected status unknown; an arrow points at the proband. Parents sit on one line
// joined by a horizontal mating line; their children hang from a sibship line below. Relatives outside
// the nuclear family are listed under the drawing (a full multi-generation layout is not attempted).
import type { Family, FamilyMember } from '../../../../shared/schemas/family.ts';

const SIZE = 36;
const GAP = 110;
const PARENT_Y = 40;
const CHILD_Y = 150;

function Symbol({ member, x, y, proband }: { member: FamilyMember; x: number; y: number; proband: boolean }) {
  const fill = member.affected === 'affected' ? '#212b32' : '#ffffff';
  const common = { fill, stroke: '#212b32', strokeWidth: 2 };
  const half = SIZE / 2;
  const shape =
    member.sex === 'male' ? (
      <rect x={x - half} y={y - half} width={SIZE} height={SIZE} {...common} />
    ) : member.sex === 'female' ? (
      <circle cx={x} cy={y} r={half} {...common} />
    ) : (
      <polygon points={`${x},${y - half} ${x + half},${y} ${x},${y + half} ${x - half},${y}`} {...common} />
    );
  return (
    <g data-testid={`pedigree-member-${member.relation}`} data-affected={member.affected} data-sex={member.sex}>
      <title>{`${member.name} (${member.relation}, ${member.sex}, ${member.affected})`}</title>
      {shape}
      {member.affected === 'unknown' && (
        <text x={x} y={y + 6} textAnchor="middle" fontSize="18" fill="#212b32">
          ?
        </text>
      )}
      {proband && (
        <g data-testid="pedigree-proband-arrow">
          <line x1={x - half - 26} y1={y + half + 20} x2={x - half - 4} y2={y + half + 2} stroke="#212b32" strokeWidth={2} />
          <polygon points={`${x - half - 2},${y + half} ${x - half - 12},${y + half + 2} ${x - half - 5},${y + half + 9}`} fill="#212b32" />
          <text x={x - half - 34} y={y + half + 32} fontSize="14" fill="#212b32">
            P
          </text>
        </g>
      )}
      <text x={x} y={y + half + 18} textAnchor="middle" fontSize="13" fill="#212b32">
        {member.name.split(',')[1]?.trim() || member.name}
      </text>
    </g>
  );
}

export function Pedigree({ family }: { family: Family }) {
  const proband = family.members.find((m) => m.patient === family.proband)!;
  const father = family.members.find((m) => m.patient === proband.father) ?? null;
  const mother = family.members.find((m) => m.patient === proband.mother) ?? null;
  const children = family.members.filter((m) => m.patient === proband.patient || (m.relation === 'sibling' && (m.mother === proband.mother || m.father === proband.father)));
  const others = family.members.filter((m) => m !== father && m !== mother && !children.includes(m));
  const width = Math.max(2, children.length) * GAP + 80;
  const mid = width / 2;
  const fx = mid - GAP / 2;
  const mx = mid + GAP / 2;
  const cx = (i: number) => mid - ((children.length - 1) * GAP) / 2 + i * GAP;
  const hasParents = father !== null || mother !== null;
  const label = `Pedigree: ${family.members.length} members, ${family.members.filter((m) => m.affected === 'affected').length} affected; proband ${proband.name}`;
  return (
    <figure className="gd-family-pedigree" data-testid="pedigree">
      <svg role="img" aria-label={label} viewBox={`0 0 ${width} 210`} width={width} height={210}>
        {hasParents && (
          <>
            <line x1={fx + SIZE / 2} y1={PARENT_Y} x2={mx - SIZE / 2} y2={PARENT_Y} stroke="#212b32" strokeWidth={2} />
            <line x1={mid} y1={PARENT_Y} x2={mid} y2={CHILD_Y - 45} stroke="#212b32" strokeWidth={2} />
          </>
        )}
        {hasParents && children.length > 0 && (
          <>
            <line x1={cx(0)} y1={CHILD_Y - 45} x2={cx(children.length - 1)} y2={CHILD_Y - 45} stroke="#212b32" strokeWidth={2} />
            {children.map((c, i) => (
              <line key={c.patient} x1={cx(i)} y1={CHILD_Y - 45} x2={cx(i)} y2={CHILD_Y - SIZE / 2} stroke="#212b32" strokeWidth={2} />
            ))}
          </>
        )}
        {father && <Symbol member={father} x={fx} y={PARENT_Y} proband={false} />}
        {mother && <Symbol member={mother} x={mx} y={PARENT_Y} proband={false} />}
        {children.map((c, i) => (
          <Symbol key={c.patient} member={c} x={cx(i)} y={CHILD_Y} proband={c.patient === family.proband} />
        ))}
      </svg>
      <figcaption className="nhsuk-body-s nhsuk-u-margin-bottom-0">
        Square male, circle female, diamond sex unknown; filled affected, open unaffected, ? not known; arrow and P: proband.
        {others.length > 0 && ` Also in the family: ${others.map((o) => `${o.name} (${o.affected})`).join('; ')}.`}
      </figcaption>
    </figure>
  );
}
