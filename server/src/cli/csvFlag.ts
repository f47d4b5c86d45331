import { UsageError } from './argv';

/**
 * A string-slice flag's value as helm reads it (pflag's `readAsCSV`: Go's encoding/csv, one
 * record): `a.yaml,b.yaml` is two files, `"a,b.yaml"` one, `""` (an empty value) none, and
 * `""` inside a quoted field is a quote. A quote inside an unquoted field, or a quoted field
 * not closed, is a usage error as in helm. Only the first line is read, as pflag does.
 */
export function csvRecord(value: string, flag: string): string[] {
  if (value === '') return [];
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field: string;
    if (value[i] === '"') [field, i] = quotedField(value, i + 1, flag);
    else {
      let end = i;
      while (end < value.length && value[end] !== ',' && value[end] !== '\n') end++;
      field = value.slice(i, end);
      if (field.endsWith('\r') && value[end] === '\n') field = field.slice(0, -1);
      if (field.includes('"')) throw csvError(flag, value, 'bare " in non-quoted-field');
      i = end;
    }
    fields.push(field);
    if (value[i] !== ',') return fields;
    i++;
  }
}

/** A quoted field from just after its opening quote: its text and the index after its closing quote. */
function quotedField(value: string, from: number, flag: string): [string, number] {
  let field = '';
  let i = from;
  for (;;) {
    const q = value.indexOf('"', i);
    if (q < 0) throw csvError(flag, value, 'extraneous or missing " in quoted-field');
    field += value.slice(i, q);
    const next = value[q + 1];
    if (next === '"') {
      field += '"';
      i = q + 2;
      continue;
    }
    if (next === undefined || next === ',' || next === '\n' || (next === '\r' && value[q + 2] === '\n')) return [field, q + 1];
    throw csvError(flag, value, 'extraneous or missing " in quoted-field');
  }
}

function csvError(flag: string, value: string, why: string): UsageError {
  return new UsageError(`invalid argument ${JSON.stringify(value)} for ${flag}: ${why}`);
}
