// The Family tab's pedigree: an SVG of the layout the diagnostic report's PDF draws too
// (shared/pedigree-layout.ts, which cites the notation). This file only turns that geometry into SVG.
import { layoutPedigree, PEDIGREE_KEY, type PedigreeSymbol } from '../../../../shared/pedigree-layout.ts';
import type { Family } from '../../../../shared/schemas/family.ts';

const INK = '#212b32';

function Symbol({ s, size }: { s: PedigreeSymbol; size: number }) {
  const half = size / 2;
  const common = { fill: s.filled ? INK : '#ffffff', stroke: INK, strokeWidth: 2 };
  const shape =
    s.shape === 'square' ? (
      <rect x={s.x - half} y={s.y - half} width={size} height={size} {...common} />
    ) : s.shape === 'circle' ? (
      <circle cx={s.x} cy={s.y} r={half} {...common} />
    ) : (
      <polygon points={`${s.x},${s.y - half} ${s.x + half},${s.y} ${s.x},${s.y + half} ${s.x - half},${s.y}`} {...common} />
    );
  const m = s.person;
  return (
    <g data-testid={`pedigree-member-${m.relation}`} data-affected={m.affected} data-sex={m.sex} data-number={s.number}>
      <title>{`${s.number} ${m.name} (${m.relation}, ${m.sex}, ${m.affected})`}</title>
      {shape}
      {s.statusUnknown && (
        <text x={s.x} y={s.y + 6} textAnchor="middle" fontSize="18" fill={INK}>
          ?
        </text>
      )}
      <text x={s.x} y={s.y + half + 17} textAnchor="middle" fontSize="13" fill={INK}>
        {s.label}
      </text>
      <text x={s.x} y={s.y + half + 31} textAnchor="middle" fontSize="11" fill="#4c6272">
        {s.number}
      </text>
    </g>
  );
}

export function Pedigree({ family }: { family: Family }) {
  const layout = layoutPedigree(
    family.members.map((m) => ({ id: m.patient, name: m.name, relation: m.relation, sex: m.sex, affected: m.affected, father: m.father, mother: m.mother })),
    family.proband,
  );
  const { arrow } = layout;
  return (
    <figure className="gd-family-pedigree" data-testid="pedigree">
      <svg role="img" aria-label={layout.description} viewBox={`0 0 ${layout.width} ${layout.height}`} width={layout.width} height={layout.height}>
        {layout.generations.map((g) => (
          <text key={g.label} x={g.x} y={g.y + 5} fontSize="14" fontWeight="bold" fill={INK}>
            {g.label}
          </text>
        ))}
        {layout.lines.map((l, i) => (
          <line key={i} x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} stroke={INK} strokeWidth={2} data-kind={l.kind} />
        ))}
        {layout.symbols.map((s) => (
          <Symbol key={s.person.id} s={s} size={layout.size} />
        ))}
        {arrow && (
          <g data-testid="pedigree-proband-arrow">
            <line x1={arrow.x1} y1={arrow.y1} x2={arrow.x2} y2={arrow.y2} stroke={INK} strokeWidth={2} />
            <polygon points={arrow.head.map(([x, y]) => `${x},${y}`).join(' ')} fill={INK} />
            <text x={arrow.label.x} y={arrow.label.y} fontSize="14" fill={INK}>
              P
            </text>
          </g>
        )}
      </svg>
      <figcaption className="nhsuk-body-s nhsuk-u-margin-bottom-0">
        {family.pedigreeNumber && <strong data-testid="pedigree-number">Pedigree number {family.pedigreeNumber}. </strong>}
        {PEDIGREE_KEY}
        {layout.others.length > 0 && ` Also in the family: ${layout.others.map((o) => `${o.name} (${o.affected})`).join('; ')}.`}
      </figcaption>
    </figure>
  );
}
