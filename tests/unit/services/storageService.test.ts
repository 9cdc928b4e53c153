import { afterEach, describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import initSqlJs from 'sql.js';
import { createStorageService } from '../../../src/services/storageService';
import type { StorageApi } from '../../../src/services/storageApi';

describe('the storage service over a MessageChannel', () => {
  const channels: MessageChannel[] = [];
  afterEach(() => {
    for (const c of channels.splice(0)) {
      c.port1.close();
      c.port2.close();
    }
  });

  function connect(): Comlink.Remote<StorageApi> {
    const channel = new MessageChannel();
    channels.push(channel);
    Comlink.expose(createStorageService({ loadSql: () => initSqlJs() }), channel.port1);
    return Comlink.wrap<StorageApi>(channel.port2);
  }

  it('answers ping and proves sql.js by writing a row and reading it back', async () => {
    const remote = connect();
    expect(await remote.ping()).toBe('pong');
    const result = await remote.selfTest();
    expect(result.roundTrip).toBe('sql.js round trip');
    expect(result.sqliteVersion).toMatch(/^3\.\d+\.\d+$/);
  });

  it('loads sql.js once however many calls arrive', async () => {
    let loads = 0;
    const service = createStorageService({
      loadSql: () => {
        loads += 1;
        return initSqlJs();
      },
    });
    await Promise.all([service.selfTest(), service.selfTest(), service.selfTest()]);
    expect(loads).toBe(1);
  });
});
