/** Upper-cases the first character: messages start with a description like `container "x"`. */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
