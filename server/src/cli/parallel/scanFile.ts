import * as fs from 'fs';
import { skippedAnalysis } from '../../core/engine/analyze';
import { decodeBytes, type Decoded } from '../../core/engine/decode';
import type { Finding } from '../../core/engine/finding';
import { screenBinary, screenSize } from '../../core/engine/inputGuard';
import type { ConfigProblem } from '../../core/config';
import { lintAnalysis, lintFile, type FileScope, type FileLint } from '../../core/lint';
import { indexAnalysis, indexText, type IndexedFile } from '../../core/workspace/indexText';
import { scanErrorOf, UNREADABLE, type ScanError } from '../report';

/**
 * What scanning one file gave, as plain data (a worker thread sends it back by structured
 * clone): the file's not-analysed errors and, when its text was analysed, its findings,
 * expired exemptions and its objects for the cross-file index.
 */
export interface FileOutcome {
  errors: ScanError[];
  analysed?: {
    text: string;
    /** Undefined when the file was only indexed (`--shard`: another shard reports it). */
    findings?: Finding[] | undefined;
    expired: ConfigProblem[];
    indexed: IndexedFile;
  };
}

/**
 * Reads, decodes, lints and indexes one file, with a single parse shared by the analysis and
 * the cross-file index. `lint: false` (a file another shard reports) only indexes it, if the
 * analysis would not have skipped it whole. `bytes` overrides the read (standard input, a dry
 * run's fixed text); `onLinted` receives the lint result of an analysed file (with its fixes).
 */
export function scanFile(
  file: string,
  scope: FileScope,
  lint: boolean,
  bytes?: Buffer,
  onLinted?: (bytes: Buffer, lint: FileLint) => void,
): FileOutcome {
  let decoded: Decoded;
  let raw: Buffer;
  try {
    raw = bytes ?? fs.readFileSync(file);
    decoded = decodeBytes(raw);
  } catch (e) {
    return { errors: [{ file, reason: UNREADABLE, message: `cannot read ${file}: ${(e as Error).message}` }] };
  }
  if (!lint) {
    if (!('text' in decoded)) return { errors: [] };
    const text = decoded.text;
    if (screenSize(text, scope.options.maxFileSize) || screenBinary(text)) return { errors: [] };
    const { objects, failures } = indexText(file, text, false);
    return { errors: [], analysed: { text, expired: [], indexed: { objects, failures } } };
  }
  // Bytes that are not text (invalid UTF-8, NUL) are reported as not analysed, like any skip.
  const result = 'skipped' in decoded ? lintAnalysis(skippedAnalysis(decoded.skipped), scope) : lintFile(decoded.text, scope);
  const errors = result.notAnalyzed.map((n) => scanErrorOf(file, n));
  if (result.analysis.skipped || !('text' in decoded)) return { errors };
  onLinted?.(raw, result);
  return {
    errors,
    analysed: {
      text: decoded.text,
      findings: result.findings,
      expired: result.expiredExemptionProblems,
      indexed: indexAnalysis(file, result.analysis),
    },
  };
}
