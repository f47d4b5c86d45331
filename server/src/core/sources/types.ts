import type { OffsetRange } from '../types';

/**
 * Sources: plain manifests, Kustomize builds and Helm renders are three ways of producing
 * the objects a cluster receives. A source turns files into built documents: the YAML text
 * the rules read, plus provenance from positions in that text back to the origin a person
 * edits. Rules run unchanged on built text; a placement step maps each finding's range
 * through provenance (design: ../shared/reference/design-notes.md, "Sources").
 *
 * Everything here is pure data: a source reads files only through a `SourceFiles` it is
 * given, so the core never touches the file system and never reads outside the workspace.
 */

/** What put a piece of built text there. */
export type OriginVia =
  /** The file's own text: a plain manifest, or literal text of a template. */
  | { kind: 'literal' }
  /** A Helm values key (path from the values root), e.g. ['securityContext', 'privileged']. */
  | { kind: 'values'; path: readonly (string | number)[] }
  /** A `{{ }}` action of a Helm template (not editable as a value). */
  | { kind: 'template-action' }
  /** A Kustomize resource file (a base or an overlay's own resource). */
  | { kind: 'resource' }
  /** A Kustomize patch (strategic merge or JSON 6902), inline or from a file. */
  | { kind: 'patch' }
  /** A Kustomize generator entry (configMapGenerator, secretGenerator). */
  | { kind: 'generator' }
  /** A Kustomize transformer entry, e.g. `namespace`, `images`, `namePrefix`, `labels`. */
  | { kind: 'transformer'; field: string };

/** A place in a source file: the file (as the source's `SourceFiles` names it) and a UTF-16 range. */
export interface Origin {
  file: string;
  range: OffsetRange;
  via: OriginVia;
  /**
   * Helm: text produced inside an `include`d (or `template`d) helper maps into the helper's
   * `define` body; this is the outermost `{{ include ... }}` action in the rendered template
   * file that pulled it in, the line a person opening that file sees (issue #17).
   */
  callSite?: Origin | undefined;
}

/** Maps positions of a built text back to origins. */
export interface Provenance {
  /**
   * The origin of the built text at `offset`: the innermost value, literal or action that
   * produced it, or the nearest enclosing node's origin when the exact node was synthesised.
   * Undefined only for text no file produced (a defect a test should catch).
   */
  originAt(offset: number): Origin | undefined;
}

/** One built document (one YAML object) with its provenance. */
export interface BuiltDocument {
  text: string;
  provenance: Provenance;
}

/** Why part of a build was not done: reported as "not analysed", never silently dropped. */
export interface BuildProblem {
  message: string;
  /** Where the problem was written, when known (the kustomization entry, the template action). */
  origin?: Origin | undefined;
}

/** Why a listed file cannot be read (SourceFiles.unreadable). */
export interface Unreadable {
  message: string;
  /**
   * A link leading outside the folder: Helm reads it, we never do. Not a load failure by itself
   * (Helm renders such a chart): a `.Files` entry fails only when a template reads it.
   */
  outside: boolean;
}

/** Read-only access to the files a source may read: the workspace, nothing outside it. */
export interface SourceFiles {
  /** The file's text, or undefined when it does not exist or may not be read. */
  read(file: string): string | undefined;
  /**
   * The file's bytes, for binary files (a packaged chart, `charts/*.tgz`); undefined when it
   * does not exist or may not be read. Optional: a source without it cannot read archives.
   */
  readBytes?(file: string): Uint8Array | undefined;
  /**
   * Whether `read` would give the file's text, without reading it. Optional: a source without
   * it has its files read to know (a chart's `.Files` are read only when a template asks, when it has it).
   */
  isFile?(file: string): boolean;
  /**
   * Why a file a listing showed cannot be read, in Helm's words (`name`: the chart-relative name
   * Helm prints), or undefined when the source reads it (as bytes). Optional: a chart loader then
   * reports `error reading <name>` itself. Loading a chart fails on such a file, as Helm's does,
   * except a `.Files` entry leading outside the folder (see `Unreadable.outside`).
   */
  unreadable?(file: string, name: string): Unreadable | undefined;
  /**
   * Why the last `read` of `file` gave no text, in Go's words (`read x: is a directory`), for
   * the messages helm gives; optional, undefined when not known (then "no such file" is said).
   */
  readError?(file: string): string | undefined;
  /** The entries of a directory (names, not paths), or undefined when it is not one. */
  list(dir: string): string[] | undefined;
  isDirectory(path: string): boolean;
  /**
   * `list` with each entry's `isDirectory` answer (of the entry's path), given with the listing.
   * Optional: loading a chart then checks no file but the directory listings.
   */
  listEntries?(dir: string): { name: string; isDirectory: boolean }[] | undefined;
}

/** What a source produced from one root (a kustomization directory, a chart). */
export interface BuildResult {
  documents: BuiltDocument[];
  /** Parts not built (remote resources, plugins, render errors): the result is incomplete. */
  problems: BuildProblem[];
  /** Every file the build read, so an edit rebuilds only the builds that read that file. */
  filesRead: string[];
}
