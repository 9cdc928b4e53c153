// Why: the one typed surface of the storage worker; the UI talks to sql.js only through this.

export interface StorageSelfTest {
  sqliteVersion: string;
  /** The value written to a scratch table and read back, proving the wasm loaded and SQL runs. */
  roundTrip: string;
}

export interface StorageApi {
  ping(): Promise<'pong'>;
  selfTest(): Promise<StorageSelfTest>;
}
