import type { Document, YAMLMap } from 'yaml';
import { asScalar, entries, getSeq } from '../../yaml/nodes';
import type { Loc } from '../types';
import type { AllowAllRuleFact } from './facts';

import type { Direction } from '../netpol';

export type { Direction };

/** The string items of a sequence (numbers as written). */
export function stringItems(map: YAMLMap | undefined, key: string, doc: Document): string[] {
  const out: string[] = [];
  for (const item of getSeq(map, key, doc)?.items ?? []) {
    const s = asScalar(item, doc);
    if (s && s.value !== null && s.value !== undefined) out.push(String(s.value));
  }
  return out;
}

/** The keys written in a map (an absent map has none). */
export function keysOf(map: YAMLMap | undefined): string[] {
  return entries(map).map(([k]) => k);
}

/** `0.0.0.0/0` or `::/0`: every address of a family. */
export function isEveryAddress(cidr: string): boolean {
  return cidr === '0.0.0.0/0' || cidr === '::/0' || cidr === '0:0:0:0:0:0:0:0/0';
}

/** `from` for ingress, `to` for egress: how a peer reads in a message. */
export function fromTo(direction: Direction): string {
  return direction === 'Ingress' ? 'from' : 'to';
}

/** `from any source` / `to any destination`: a rule that names no peer at all. */
export function anyPeer(direction: Direction): string {
  return direction === 'Ingress' ? 'from any source' : 'to any destination';
}

/** An allow-all rule; `number` is its 1-based position among the rules of its direction, as messages count. */
export function allowAllFact(direction: Direction, number: number, loc: Loc, reason: string): AllowAllRuleFact {
  return { direction, number, loc, reason };
}
