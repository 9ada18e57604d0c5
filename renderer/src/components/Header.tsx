import { SyncIndicator } from '../features/sync/SyncIndicator.tsx';
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
        <nav aria-label="Reference data">
          <a
            className="gd-sync__link"
            href="#packs"
            data-testid="nav-packs"
            onClick={(e) => {
              e.preventDefault();
              navigate({ screen: 'packs' });
            }}
          >
            Reference packs
          </a>
          <a
            className="gd-sync__link"
            href="#reanalysis"
            data-testid="nav-reanalysis"
            onClick={(e) => {
              e.preventDefault();
              navigate({ screen: 'reanalysis' });
            }}
          >
            Reanalysis
          </a>
        </nav>
        <SyncIndicator navigate={navigate} />
      </div>
    </header>
  );
}
