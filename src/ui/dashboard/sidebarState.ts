// Why: on narrow screens the controls sidebar can be collapsed so the charts get the screen; the choice is
// remembered per browser (not in the URL: it is a layout preference, not part of a shared view).

export const SIDEBAR_KEY = 'pairs-lab:sidebar:v1';

/** Whether the sidebar is expanded; expanded unless the user collapsed it before (or storage fails). */
export function readSidebarOpen(storage: Pick<Storage, 'getItem'>): boolean {
  try {
    return storage.getItem(SIDEBAR_KEY) !== 'collapsed';
  } catch {
    return true;
  }
}

export function writeSidebarOpen(storage: Pick<Storage, 'setItem'>, open: boolean): void {
  try {
    storage.setItem(SIDEBAR_KEY, open ? 'open' : 'collapsed');
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}
