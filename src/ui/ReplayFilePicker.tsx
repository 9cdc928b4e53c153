// Why: the Replay source plays the bundled recording or one of the user's own (NDJSON frames or a Binance
// trades CSV), through the same ingest path as live data.
import { useState } from 'react';
import { storageWorker } from '../app/workers';
import { Field } from './Field';

export function ReplayFilePicker() {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <>
      <Field label="Replay your own recording">
        {(id) => (
          <input
            id={id}
            type="file"
            accept=".ndjson,.gz,.json,.csv,.txt"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              void storageWorker()
                .setReplayFile(file, file.name)
                .then((r) =>
                  setMessage(
                    r.ok
                      ? { ok: true, text: `Replaying ${file.name} (${r.format}).` }
                      : { ok: false, text: r.message },
                  ),
                );
            }}
          />
        )}
      </Field>
      {message && (
        <p className={message.ok ? 'muted' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </>
  );
}
