import { Fragment } from 'react';

/** HGVS c. and p. on their own lines, breakable after the reference sequence (not mid-accession). */
export function Hgvs({ v }: { v: { hgvsc: string | null; hgvsp: string | null; chrom: string; pos: number; ref: string; alt: string } }) {
  const parts = [v.hgvsc, v.hgvsp].filter((x): x is string => Boolean(x));
  if (parts.length === 0) {
    return (
      <>
        {v.chrom}:{v.pos.toLocaleString('en-GB')} {v.ref}&gt;{v.alt}
      </>
    );
  }
  return (
    <>
      {parts.map((h, i) => {
        const colon = h.indexOf(':');
        return (
          <Fragment key={h}>
            {i > 0 && <br />}
            {colon < 0 ? (
              h
            ) : (
              <>
                {h.slice(0, colon + 1)}
                <wbr />
                {h.slice(colon + 1)}
              </>
            )}
          </Fragment>
        );
      })}
    </>
  );
}
