import { TextDocuments, type TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** Told of each change to an open document, in offsets of the text just before it. */
export interface EditListener {
  /** [start, end) of the previous text replaced by `insertedLength` characters. */
  edited(uri: string, start: number, end: number, insertedLength: number): void;
  /** The document was (re)created: whatever was known of its text no longer holds. */
  reset(uri: string): void;
}

/**
 * `TextDocuments` that also reports every incremental change's range to `listener`, so the
 * analysis can reuse the untouched parts of a big file by position instead of comparing
 * all of its text on each keystroke. The text itself is maintained exactly as the stock
 * `TextDocument` does; the changes of one notification are applied (and reported) one at
 * a time, since each is expressed in the text the previous ones produced.
 */
export function trackedDocuments(listener: EditListener): TextDocuments<TextDocument> {
  return new TextDocuments<TextDocument>({
    create(uri, languageId, version, content) {
      listener.reset(uri);
      return TextDocument.create(uri, languageId, version, content);
    },
    update(document, changes, version) {
      for (const change of changes) {
        report(listener, document, change);
        TextDocument.update(document, [change], version);
      }
      return document;
    },
  });
}

function report(listener: EditListener, document: TextDocument, change: TextDocumentContentChangeEvent): void {
  if (!('range' in change)) {
    listener.edited(document.uri, 0, document.getText().length, change.text.length);
    return;
  }
  // Offsets are clamped to the text and a reversed range is read forwards, as TextDocument does.
  const a = document.offsetAt(change.range.start);
  const b = document.offsetAt(change.range.end);
  listener.edited(document.uri, Math.min(a, b), Math.max(a, b), change.text.length);
}
