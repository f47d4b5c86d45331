import * as fs from 'fs';
import * as path from 'path';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import type { WorkspaceFinding } from '../../server/src/core/workspace/types';
import type { Range } from '../../server/src/core/types';
import { REPO_ROOT } from '../helpers';

/** Multi-file fixture workspaces: `test/fixtures/workspace/<name>/`. */
export const WORKSPACE_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');

export function rangeText(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Indexes every `*.yaml` of a directory under its bare file name (stable across machines). */
export function indexDir(dir: string): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()) {
    index.setFileText(f, fs.readFileSync(path.join(dir, f), 'utf8'));
  }
  return index;
}

export interface ExpectedWorkspaceFinding {
  file: string;
  range: string;
  message?: string;
  related?: Array<{ file: string; range: string; message?: string }>;
}

/** A finding reduced to what fixtures state. */
export function briefWorkspace(f: WorkspaceFinding): ExpectedWorkspaceFinding {
  return {
    file: f.file,
    range: rangeText(f.lspRange),
    message: f.message,
    related: f.related.map((r) => ({ file: r.file, range: rangeText(r.range), message: r.message })),
  };
}
