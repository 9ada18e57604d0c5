import { SyncIndicator } from '../features/sync/SyncIndicator.tsx';
import type { ReactNode } from 'react';
import type { Navigate } from '../navigation.ts';

export function Header({ navigate }: { navigate: Navigate }) {
  return (
    <header className="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container gd-header">
        <div className="nhsuk-header__service">
          <a
            className="nhsuk-header__service-logo"
            href="#maincontent"
            onClick={(e) => {
              e.preventDefault();
              navigate({ screen: 'patients' });
            }}
            aria-label="GenoDesk homepage"
          >
            <span className="nhsuk-header__service-name">GenoDesk</span>
          </a>
        </div>
        <nav aria-label="Main" className="gd-header__nav">
          <NavLink href="#worklist" testId="nav-worklist" onClick={() => navigate({ screen: 'patients' })}>
            Worklist
          </NavLink>
          <NavLink href="#packs" testId="nav-packs" onClick={() => navigate({ screen: 'packs' })}>
            Reference packs
          </NavLink>
          <NavLink href="#reanalysis" testId="nav-reanalysis" onClick={() => navigate({ screen: 'reanalysis' })}>
            Reanalysis
          </NavLink>
        </nav>
        <SyncIndicator navigate={navigate} />
      </div>
    </header>
  );
}

function NavLink({ href, testId, onClick, children }: { href: string; testId: string; onClick: () => void; children: ReactNode }) {
  return (
    <a
      className="gd-sync__link"
      href={href}
      data-testid={testId}
      onClick={(e) => {
        e.preventDefault();
        onClick();
      }}
    >
      {children}
    </a>
  );
}
