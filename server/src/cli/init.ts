import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAMES } from '../core/config';
import { escapeControl } from '../core/display';
import type { InitArgs } from './args';
import { starterConfigText } from './starterConfig';

/**
 * `kube-guardrails init [dir] [--force]`: writes the commented starter `.kube-guardrails.yaml`
 * in `dir` (default: the current folder). An existing config file in that folder (either
 * name: a new `.yaml` would silently shadow a `.yml`) is never replaced without `--force`:
 * exit 2 with a message.
 */
export function initCommand(args: InitArgs, io: { stdout: (s: string) => void; stderr: (s: string) => void }): number {
  const dir = path.resolve(args.dir);
  const existing = CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).filter((file) => fs.existsSync(file));
  // --force replaces the file the loader reads (the first name found), so no other one shadows it.
  const target = existing[0] ?? path.join(dir, CONFIG_FILE_NAMES[0] ?? '.kube-guardrails.yaml');
  if (existing.length > 0 && !args.force) {
    const names = existing.map((f) => escapeControl(f)).join(' and ');
    io.stderr(`kube-guardrails: ${names} already exists; not overwritten (use --force to replace it).\n`);
    return 2;
  }
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a directory');
    fs.writeFileSync(target, starterConfigText());
  } catch (e) {
    io.stderr(`kube-guardrails: cannot write ${escapeControl(target)}: ${escapeControl((e as Error).message)}\n`);
    return 2;
  }
  io.stdout(`Wrote ${target}\n`);
  return 0;
}
