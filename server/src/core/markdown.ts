/**
 * Text from a manifest or config (names, messages, a custom rule's docs) shown in a Markdown
 * hover as itself: characters that Markdown would read as emphasis, code, links, images or
 * HTML are escaped, so a name like `*x*`, `[a](command:…)` or `![](https://…)` neither
 * formats the hover, adds a link (the client trusts one command in hovers), nor fetches an
 * image (nothing reaches the network); line breaks become spaces, so a name cannot start a
 * block of its own. Never put such text inside a code span: backslashes do not escape there.
 */
export function markdownText(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, ' ').replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}
