import { screenSize } from '../core/engine/inputGuard';
import { isExcluded } from './exclude';
import { hasExcludeHint } from './fileHints';
import type { ServerSettings } from './settings';

/** Language ids that look like YAML but are templates, not manifests (Kubernetes Tools maps `templates/*.yaml` to `helm`). */
const TEMPLATE_LANGUAGES: ReadonlySet<string> = new Set(['helm']);

export type Ineligible = 'disabled' | 'template' | 'excluded' | 'exclude-hint' | 'too-large';

export interface EligibilityInput {
  /** The document's or file's uri (`file:` uris can be excluded by glob; others cannot). */
  uri: string;
  /** The workspace folder holding it (exclude globs also match relative to it). */
  folder: string | undefined;
  settings: ServerSettings;
  /** An editor document's language id; absent for a file read from disk. */
  languageId?: string | undefined;
  /** The text, when known: the leading exclude hints and the size limit apply to it. */
  text?: string;
  /** Whether the config file (`.kube-guardrails.yaml`) excludes the file; asked last, it may load the config. */
  configExcludes?: () => boolean;
}

/**
 * Whether a document or file is analysed at all: the one decision the per-document
 * validator and the workspace index both take, so a file the editor does not analyse on
 * its own never feeds the cross-file analysis either (and the other way round). The checks
 * run cheapest first: the setting, the language, the exclude globs, the leading hint
 * comment, the config file, the size (`kubeGuardrails.maxFileSize`, in UTF-16 code units,
 * exactly as the engine's input guard counts).
 */
export function ineligibility(input: EligibilityInput): Ineligible | undefined {
  const { settings, text } = input;
  if (!settings.enable) return 'disabled';
  if (input.languageId !== undefined && TEMPLATE_LANGUAGES.has(input.languageId)) return 'template';
  if (isExcluded(input.uri, input.folder, settings.exclude)) return 'excluded';
  if (text !== undefined && hasExcludeHint(text)) return 'exclude-hint';
  if (input.configExcludes?.()) return 'excluded';
  if (text !== undefined && screenSize(text, settings.maxFileSize)) return 'too-large';
  return undefined;
}
