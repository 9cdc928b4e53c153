// Why: what a restore answers, and the size limit on a backup, without sql.js: the UI checks a chosen file's
// size against the same limit (and words it the same way) before reading a byte of it.
import { formatSize, formatSizeOver } from '../../domain/byteSize';

export interface RestoreReport {
  ok: boolean;
  message: string;
  /** Schema version of the backup and after migration (null when refused before reading it). */
  schemaFrom: number | null;
  schemaTo: number | null;
  bars: number;
  ticks: number;
}

/** A backup is held in memory twice while it is checked (the file, then sql.js's copy): 512 MB is far above
 * the bounded database (~85 MB at the default retention) and well below what a tab can hold. */
export const MAX_BACKUP_BYTES = 512 * 1024 * 1024;

export const restoreRefused = (message: string, schemaFrom: number | null = null): RestoreReport => ({
  ok: false,
  message: `Not restored: ${message} The current database is unchanged.`,
  schemaFrom,
  schemaTo: null,
  bars: 0,
  ticks: 0,
});

/** The refusal for a file over `maxBytes`, or null when it fits. */
export function refuseOversizedBackup(sizeBytes: number, maxBytes = MAX_BACKUP_BYTES): RestoreReport | null {
  if (sizeBytes <= maxBytes) return null;
  return restoreRefused(
    `the file is ${formatSizeOver(sizeBytes, maxBytes)}; backups up to ${formatSize(maxBytes)} can be restored.`,
  );
}
