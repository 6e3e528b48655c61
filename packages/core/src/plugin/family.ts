// Plugin families ("categories" in Heka), named by the type's suffix.

export const FAMILIES = ['input', 'splitter', 'decoder', 'filter', 'encoder', 'output'] as const;
export type Family = (typeof FAMILIES)[number];

export const FAMILY_SUFFIX: Readonly<Record<Family, string>> = {
  input: 'Input',
  splitter: 'Splitter',
  decoder: 'Decoder',
  filter: 'Filter',
  encoder: 'Encoder',
  output: 'Output',
};

/** Heka's message for a type without a family suffix. */
export const UNRECOGNIZED_CATEGORY = 'Unrecognized plugin category';

/** The order Heka loads sections in (and so reports their problems in). */
export const LOAD_ORDER: readonly Family[] = ['decoder', 'encoder', 'splitter', 'input', 'filter', 'output'];

/** The order summaries and reports list families in. */
export const REPORT_ORDER: readonly Family[] = ['input', 'splitter', 'decoder', 'filter', 'encoder', 'output'];

const SUFFIX = /(Decoder|Encoder|Filter|Input|Output|Splitter)$/;

/** The family a type name belongs to, from its suffix, or undefined (Heka: Unrecognized plugin category). */
export function familyOfType(type: string): Family | undefined {
  const match = SUFFIX.exec(type);
  return match ? (match[1]!.toLowerCase() as Family) : undefined;
}

export function familyPlural(family: Family): string {
  return `${family}s`;
}
