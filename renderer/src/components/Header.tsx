import { useEffect, useState } from 'react';

/** Offline is the normal case in clinic: the indicator informs, it never blocks work. */
function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

export function Header({ onHome }: { onHome: () => void }) {
  const online = useOnline();
  return (
    <header className="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <a
            className="nhsuk-header__service-logo"
            href="#maincontent"
            onClick={(e) => {
              e.preventDefault();
              onHome();
            }}
            aria-label="GenoDesk homepage"
          >
            <span className="nhsuk-header__service-name">GenoDesk</span>
          </a>
        </div>
        <div className="gd-status" data-testid="connection-status" role="status" aria-live="polite">
          {online ? (
            <strong className="nhsuk-tag nhsuk-tag--green">Online</strong>
          ) : (
            <strong className="nhsuk-tag nhsuk-tag--grey">Offline – changes are kept on this computer</strong>
          )}
        </div>
      </div>
    </header>
  );
}
