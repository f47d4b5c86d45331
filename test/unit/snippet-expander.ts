/** Test helper: VS Code's snippet syntax expanded as an insertion with every tab stop at its default. */
import * as assert from 'node:assert/strict';

// ---- A small VS Code snippet-syntax expander (tab stops, placeholders, choices, variables) ----

export type SnippetNode =
  | { t: 'text'; value: string }
  | { t: 'tabstop'; index: number }
  | { t: 'placeholder'; index: number; children: SnippetNode[] }
  | { t: 'choice'; index: number; options: string[] }
  | { t: 'variable'; name: string; children?: SnippetNode[] };

/** What the variables expand to in the test: a file `my-app.yaml` in workspace `demo`. */
const VARIABLES: Record<string, string> = {
  TM_FILENAME: 'my-app.yaml',
  TM_FILENAME_BASE: 'my-app',
  TM_DIRECTORY: '/work/demo/deploy',
  TM_FILEPATH: '/work/demo/deploy/my-app.yaml',
  RELATIVE_FILEPATH: 'deploy/my-app.yaml',
  WORKSPACE_NAME: 'demo',
  WORKSPACE_FOLDER: '/work/demo',
  TM_LINE_INDEX: '0',
  TM_LINE_NUMBER: '1',
  TM_SELECTED_TEXT: '',
  TM_CURRENT_LINE: '',
  TM_CURRENT_WORD: '',
  CLIPBOARD: '',
  CURRENT_YEAR: '2026',
  CURRENT_YEAR_SHORT: '26',
  CURRENT_MONTH: '01',
  CURRENT_DATE: '15',
  CURRENT_HOUR: '12',
  CURRENT_MINUTE: '00',
  CURRENT_SECOND: '00',
  RANDOM: '123456',
  RANDOM_HEX: 'a1b2c3',
  UUID: '00000000-0000-4000-8000-000000000000',
};

export class SnippetParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): SnippetNode[] {
    const nodes = this.sequence(() => false);
    assert.equal(this.i, this.s.length, `unparsed snippet text at ${this.i}`);
    return nodes;
  }

  /** Parses until `stop()` is true at the current position (the caller consumes the stop). */
  private sequence(stop: () => boolean): SnippetNode[] {
    const out: SnippetNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text) out.push({ t: 'text', value: text });
      text = '';
    };
    while (this.i < this.s.length && !stop()) {
      const c = this.s[this.i];
      if (c === '\\' && '$}\\'.includes(this.s[this.i + 1] ?? '')) {
        text += this.s[this.i + 1];
        this.i += 2;
        continue;
      }
      if (c === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          out.push(node);
          continue;
        }
      }
      text += c;
      this.i++;
    }
    flush();
    return out;
  }

  /** `$…` construct at the cursor, or undefined (then `$` is literal text). */
  private dollar(): SnippetNode | undefined {
    const rest = this.s.slice(this.i);
    let m = /^\$(\d+)/.exec(rest);
    if (m) {
      this.i += m[0].length;
      return { t: 'tabstop', index: Number(m[1]) };
    }
    m = /^\$([_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest);
    if (m) {
      this.i += m[0].length;
      return { t: 'variable', name: m[1]! };
    }
    m = /^\$\{(\d+)\}/.exec(rest);
    if (m) {
      this.i += m[0].length;
      return { t: 'tabstop', index: Number(m[1]) };
    }
    m = /^\$\{(\d+)\|/.exec(rest);
    if (m) {
      this.i += m[0].length;
      const options: string[] = [];
      let cur = '';
      for (;;) {
        assert.ok(this.i < this.s.length, 'unterminated choice');
        const c = this.s[this.i];
        if (c === '\\' && ',|\\'.includes(this.s[this.i + 1] ?? '')) {
          cur += this.s[this.i + 1];
          this.i += 2;
        } else if (c === ',') {
          options.push(cur);
          cur = '';
          this.i++;
        } else if (c === '|' && this.s[this.i + 1] === '}') {
          options.push(cur);
          this.i += 2;
          return { t: 'choice', index: Number(m[1]), options };
        } else {
          cur += c;
          this.i++;
        }
      }
    }
    m = /^\$\{(\d+):/.exec(rest);
    if (m) {
      this.i += m[0].length;
      const children = this.sequence(() => this.s[this.i] === '}');
      assert.equal(this.s[this.i], '}', 'unterminated placeholder');
      this.i++;
      return { t: 'placeholder', index: Number(m[1]), children };
    }
    m = /^\$\{([_a-zA-Z][_a-zA-Z0-9]*)(\}|:)/.exec(rest);
    if (m) {
      this.i += m[0].length;
      if (m[2] === '}') return { t: 'variable', name: m[1]! };
      const children = this.sequence(() => this.s[this.i] === '}');
      assert.equal(this.s[this.i], '}', 'unterminated variable default');
      this.i++;
      return { t: 'variable', name: m[1]!, children };
    }
    assert.ok(!rest.startsWith('${'), `unsupported snippet construct (transforms are not used): ${rest.slice(0, 30)}`);
    return undefined;
  }
}

export function walk(nodes: SnippetNode[], visit: (n: SnippetNode) => void): void {
  for (const n of nodes) {
    visit(n);
    if ((n.t === 'placeholder' || n.t === 'variable') && n.children) walk(n.children, visit);
  }
}

/**
 * Expands a snippet body as inserted with every tab stop left at its default: a
 * placeholder's text, a choice's first option (or `choices[index]`), mirrors `$n` showing
 * the same text, `$0` and empty tab stops empty, variables from VARIABLES.
 */
export function expandSnippet(body: string, choices: Record<number, string> = {}): string {
  const nodes = new SnippetParser(body).parse();
  const defining = new Map<number, SnippetNode>();
  walk(nodes, (n) => {
    if ((n.t === 'placeholder' || n.t === 'choice') && !defining.has(n.index)) defining.set(n.index, n);
  });
  const render = (list: SnippetNode[], depth: number): string => {
    assert.ok(depth < 20, 'snippet placeholders refer to each other in a cycle');
    return list
      .map((n) => {
        switch (n.t) {
          case 'text':
            return n.value;
          case 'variable':
            assert.ok(n.name in VARIABLES, `unknown snippet variable $${n.name}`);
            return VARIABLES[n.name] || (n.children ? render(n.children, depth + 1) : '');
          case 'choice':
            return choices[n.index] ?? n.options[0];
          case 'placeholder':
          case 'tabstop': {
            const def = defining.get(n.index);
            if (!def) return '';
            if (def.t === 'choice') return choices[def.index] ?? def.options[0];
            return render((def as { children: SnippetNode[] }).children, depth + 1);
          }
        }
      })
      .join('');
  };
  return render(nodes, 0);
}
