// Why: the page model of the data tools (upload, exports, backup): tests find everything by role and label.
import type { Download, Locator } from 'playwright-core';
import { DashboardPage } from './appPage';

export interface UploadPayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export const csvPayload = (name: string, text: string): UploadPayload => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(text, 'utf8'),
});

export class DataPage extends DashboardPage {
  get uploadPanel(): Locator {
    return this.page.getByRole('region', { name: 'Upload CSV' });
  }

  get fileInput(): Locator {
    return this.uploadPanel.getByLabel('Choose CSV files');
  }

  get report(): Locator {
    return this.uploadPanel.getByRole('table', { name: 'Files to import' });
  }

  get importButton(): Locator {
    return this.uploadPanel.getByRole('button', { name: 'Import', exact: true });
  }

  get result(): Locator {
    return this.uploadPanel.getByRole('status', { name: 'Import result' });
  }

  get problems(): Locator {
    return this.uploadPanel.getByRole('list', { name: 'Problems' });
  }

  option(label: 'Import valid rows only' | 'Replace conflicting bars'): Locator {
    return this.uploadPanel.getByRole('checkbox', { name: label });
  }

  /** Chooses files (paths or in-memory payloads) and waits until each appears in the report table. */
  async choose(files: string[] | UploadPayload[]): Promise<void> {
    await this.fileInput.setInputFiles(files);
    for (const f of files) {
      const name = typeof f === 'string' ? (f.split(/[\\/]/).pop() ?? f) : f.name;
      await this.report.getByRole('rowheader', { name }).waitFor();
    }
  }

  /** Clicks Import and waits until the result says `expected`; returns the whole result text. */
  async importChosen(expected: RegExp): Promise<string> {
    await this.importButton.click();
    const result = this.result.filter({ hasText: expected });
    await result.waitFor();
    return (await result.textContent()) ?? '';
  }

  get exportPanel(): Locator {
    return this.page.getByRole('region', { name: 'Export and backup' });
  }

  /** Clicks an export button and returns the downloaded file's name and text. */
  async download(button: string): Promise<{ name: string; text: string; bytes: Buffer }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.exportPanel.getByRole('button', { name: button }).click(),
    ]);
    const bytes = await readDownload(download);
    return { name: download.suggestedFilename(), text: bytes.toString('utf8'), bytes };
  }

  get restoreInput(): Locator {
    return this.exportPanel.getByLabel('Restore database from backup');
  }

  /** Chooses a backup file and confirms the replacement; returns the result text once shown. */
  async restore(file: UploadPayload, expected: RegExp): Promise<string> {
    await this.restoreInput.setInputFiles(file);
    await this.exportPanel
      .getByRole('group', { name: 'Confirm restore' })
      .getByRole('button', { name: 'Replace database' })
      .click();
    const result = this.exportPanel.getByLabel('Export result').filter({ hasText: expected });
    await result.waitFor();
    return (await result.textContent()) ?? '';
  }

  /** SHA-256 of the whole database file as the worker exports it (equal hashes = nothing written). */
  async databaseHash(): Promise<string> {
    return this.page.evaluate(async () => {
      type Storage = { backupDatabase(): Promise<Uint8Array> };
      const storage = (window as unknown as { pairsLab: { storage: Storage } }).pairsLab.storage;
      const bytes = await storage.backupDatabase();
      const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
      return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    });
  }

  /** Stored bars of one symbol for the view's source. */
  async storedBars(symbol: string, interval: string): Promise<number> {
    return this.page.evaluate(
      async ([sym, iv]) => {
        type Storage = {
          getBars(q: {
            symbol: string;
            interval: string;
            source: string;
          }): Promise<{ openTime: ArrayLike<number> }>;
        };
        const storage = (window as unknown as { pairsLab: { storage: Storage } }).pairsLab.storage;
        return (await storage.getBars({ symbol: sym, interval: iv, source: 'upload' })).openTime.length;
      },
      [symbol, interval] as const,
    );
  }

  /** The live feed as the storage worker reports it: state, failed attempts, wait before the next try. */
  async feed(): Promise<{ state: string; attempt: number; reconnectInMs: number | null } | null> {
    return this.page.evaluate(async () => {
      type Feed = { state: string; attempt: number; reconnectInMs: number | null };
      type Storage = { status(): Promise<{ feed: Feed | null }> };
      const storage = (window as unknown as { pairsLab: { storage: Storage } }).pairsLab.storage;
      const feed = (await storage.status()).feed;
      return feed && { state: feed.state, attempt: feed.attempt, reconnectInMs: feed.reconnectInMs };
    });
  }

  /** Whether the service worker serves this page (it was loaded from the precache). */
  async controlledByServiceWorker(): Promise<boolean> {
    return this.page.evaluate(() => navigator.serviceWorker.controller !== null);
  }
}

async function readDownload(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
