import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from '../core/types';
import { LineIndex } from '../core/yaml/lineIndex';

/**
 * A `LineIndex` answered by the open `TextDocument`, which already keeps its line offsets
 * up to date incrementally: building a fresh index over a multi-megabyte text on every
 * keystroke was the largest LSP-side cost of an edit. Results equal `LineIndex`'s exactly
 * (the character of an offset is counted from its line start, never clamped before a CR).
 * The document object is updated in place by later edits, so once its version moves on,
 * this falls back to an index over the text it was created for.
 */
export class DocumentLines extends LineIndex {
  private readonly length: number;

  constructor(
    private readonly doc: TextDocument,
    private readonly version: number,
    text: string,
  ) {
    super(text);
    this.length = text.length;
  }

  private get live(): boolean {
    return this.doc.version === this.version;
  }

  override get lineCount(): number {
    return this.live ? this.doc.lineCount : super.lineCount;
  }

  override lineStart(line: number): number {
    if (!this.live) return super.lineStart(line);
    return this.doc.offsetAt({ line: Math.max(0, Math.min(line, this.doc.lineCount - 1)), character: 0 });
  }

  override lineEnd(line: number): number {
    if (!this.live || line < 0) return super.lineEnd(line);
    if (line + 1 >= this.doc.lineCount) return this.length;
    // The document clamps a character past the line's end to just before its line break.
    return this.doc.offsetAt({ line, character: this.length });
  }

  override positionAt(offset: number): Position {
    if (!this.live) return super.positionAt(offset);
    const clamped = Math.max(0, Math.min(offset, this.length));
    const { line } = this.doc.positionAt(clamped);
    return { line, character: clamped - this.doc.offsetAt({ line, character: 0 }) };
  }

  override offsetAt(pos: Position): number {
    if (!this.live || pos.line < 0 || pos.character < 0) return super.offsetAt(pos);
    if (pos.line >= this.doc.lineCount) return this.length;
    return Math.min(this.lineStart(pos.line) + pos.character, this.lineEnd(pos.line));
  }
}
