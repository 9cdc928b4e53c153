// Why: every export is a browser download with no server: a Blob, an object URL and a temporary <a download>,
// revoked afterwards so repeated exports do not leak memory. File names are sanitised here, once.

/** Letters, digits, dot, dash and underscore only; never empty, never a hidden or path-like name. */
export function safeFileName(name: string, fallback = 'pairs-lab-export'): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, 150);
  return cleaned.length > 0 ? cleaned : fallback;
}

export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = safeFileName(fileName);
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoke after the click has been handled (the download keeps its own reference).
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

export const downloadText = (fileName: string, text: string, type = 'text/csv;charset=utf-8'): void =>
  downloadBlob(fileName, new Blob([text], { type }));

const pad = (n: number): string => String(n).padStart(2, '0');

/** `pairs-lab-20240719T000502Z.sqlite` (UTC). */
export function backupFileName(nowMs: number): string {
  const d = new Date(nowMs);
  return (
    `pairs-lab-${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z.sqlite`
  );
}
