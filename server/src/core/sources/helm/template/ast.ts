/** The parse tree of a Go text/template. Every node keeps its offset in the template source. */
import type { GoComplex } from './values';

export type Node = TextNode | ActionNode | IfNode | RangeNode | WithNode | TemplateNode | BreakNode | ContinueNode;

export interface TextNode {
  type: 'text';
  pos: number;
  text: string;
}
export interface ActionNode {
  type: 'action';
  pos: number;
  end: number;
  pipe: Pipe;
}
export interface IfNode {
  type: 'if';
  pos: number;
  pipe: Pipe;
  list: Node[];
  elseList?: Node[] | undefined;
}
export interface WithNode {
  type: 'with';
  pos: number;
  pipe: Pipe;
  list: Node[];
  elseList?: Node[] | undefined;
}
export interface RangeNode {
  type: 'range';
  pos: number;
  pipe: Pipe;
  list: Node[];
  elseList?: Node[] | undefined;
}
export interface TemplateNode {
  type: 'template';
  pos: number;
  name: string;
  pipe?: Pipe | undefined;
  /** The whole `{{template ...}}` action (absent for `block`): the call site of what it prints. */
  action?: { start: number; end: number } | undefined;
}
export interface BreakNode {
  type: 'break';
  pos: number;
}
export interface ContinueNode {
  type: 'continue';
  pos: number;
}

export interface Pipe {
  pos: number;
  /** Variables declared (`:=`) or assigned (`=`) by this pipeline. */
  decl: readonly string[];
  isAssign: boolean;
  cmds: Command[];
  /** Where the pipeline's source text ends (it starts at `pos`): pipeText gives it, for error context. */
  textEnd: number;
}

/** The source text of a pipeline (`source`: its template's), as Go's errors quote it. */
export function pipeText(source: string, pipe: Pipe): string {
  return source.slice(pipe.pos, pipe.textEnd).trim();
}

export interface Command {
  pos: number;
  args: Arg[];
}

export type Arg =
  | { type: 'field'; pos: number; names: string[] }
  | { type: 'variable'; pos: number; names: string[] }
  | { type: 'chain'; pos: number; node: Arg; names: string[] }
  | { type: 'dot'; pos: number }
  | { type: 'nil'; pos: number }
  | { type: 'bool'; pos: number; value: boolean }
  | { type: 'number'; pos: number; text: string; value: number | bigint | GoComplex }
  | { type: 'string'; pos: number; value: string }
  | { type: 'ident'; pos: number; name: string }
  | { type: 'pipe'; pos: number; pipe: Pipe };

/** A parsed template file: its main body and the `define`d templates it declares. */
export interface ParsedTemplate {
  name: string;
  source: string;
  root: Node[];
  defines: Map<string, Node[]>;
  /** Parsed by `tpl` from a string, not read from a file: its offsets are into that string. */
  inline?: boolean | undefined;
}
