import type { Finding } from '../core/engine/finding';
import type { LineIndex } from '../core/yaml/lineIndex';

/** What the scan produced for one file, as every formatter sees it. */
export interface FileReport {
  file: string;
  lines: LineIndex;
  findings: Finding[];
}

export interface ScanReport {
  files: FileReport[];
  errors: Array<{ file: string; message: string }>;
}
