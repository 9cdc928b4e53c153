// Why: the two situations where the user must act: another tab holds the live session, or Binance cannot
// be reached (then the bundled replay is one click away).
import { storageWorker } from '../app/workers';
import { downloadBlob } from './data/download';
import { useAppStore, useAppStoreApi } from './storeContext';
import { describeStatus } from './statusText';

export function SessionBanners() {
  const store = useAppStoreApi();
  const session = useAppStore((s) => s.session);
  const offline = useAppStore((s) => s.offline);
  const endpoint = useAppStore((s) => s.settings.endpoints.ws);
  if (!session) return null;
  const line = describeStatus(session, session.at, offline);
  return (
    <>
      {session.role === 'follower' && (
        <div className="banner" role="alert">
          <span>The live session runs in another tab. This tab shows the data stored so far.</span>
          <button type="button" onClick={() => void storageWorker().takeOver()}>
            Use here
          </button>
        </div>
      )}
      {line.unreachable && session.source === 'live' && (
        <div className="banner" role="alert">
          <span>
            No trades from <code>{endpoint}</code> yet (
            {offline ? 'you are offline' : 'the exchange cannot be reached'}
            ). Keep waiting, or replay the bundled recording.
          </span>
          <button
            type="button"
            onClick={() =>
              store.setState((s) => ({
                settings: { ...s.settings, view: { ...s.settings.view, source: 'replay' } },
              }))
            }
          >
            Replay the recording
          </button>
        </div>
      )}
      {session.db.setAsideKey && (
        <div className="banner" role="alert">
          <span>
            The stored database could not be read. It was kept aside, untouched, and the app started empty.
          </span>
          <button
            type="button"
            onClick={() =>
              void storageWorker()
                .readSetAsideSnapshot()
                .then((bytes) => {
                  if (bytes)
                    downloadBlob(
                      'pairs-lab-unreadable-snapshot.sqlite',
                      new Blob([bytes as Uint8Array<ArrayBuffer>]),
                    );
                })
            }
          >
            Download the unreadable snapshot
          </button>
        </div>
      )}
      {session.notices.map((n) => (
        <div key={n} className="banner" role="alert">
          <span>{n}</span>
        </div>
      ))}
    </>
  );
}
