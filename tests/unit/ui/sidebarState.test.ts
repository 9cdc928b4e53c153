import { describe, expect, it } from 'vitest';
import { SIDEBAR_KEY, readSidebarOpen, writeSidebarOpen } from '../../../src/ui/dashboard/sidebarState';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
  };
}

describe('the remembered sidebar state', () => {
  it('is expanded on a first visit', () => {
    expect(readSidebarOpen(memoryStorage())).toBe(true);
  });

  it('stays collapsed after the user collapsed it, and expanded after they expanded it again', () => {
    const storage = memoryStorage();
    writeSidebarOpen(storage, false);
    expect(storage.getItem(SIDEBAR_KEY)).toBe('collapsed');
    expect(readSidebarOpen(storage)).toBe(false);
    writeSidebarOpen(storage, true);
    expect(readSidebarOpen(storage)).toBe(true);
  });

  it('falls back to expanded, without throwing, when storage is disabled', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(() => writeSidebarOpen(broken, false)).not.toThrow();
    expect(readSidebarOpen(broken)).toBe(true);
  });
});
