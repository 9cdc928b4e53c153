// Why: the sidebar's data tools in one mount point: CSV upload, exports, backup and restore.
import { ExportPanel } from './ExportPanel';
import { UploadPanel } from './UploadPanel';

export function DataTools() {
  return (
    <>
      <UploadPanel />
      <ExportPanel />
    </>
  );
}
