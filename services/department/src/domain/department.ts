/**
 * A department that can be summoned (traffic police, judicial office, town government…). `kind`
 * is what dispatch's routing rules name; `centerIds` are the governance centers it serves, and a
 * case reaches a department through the center path of the case (village → town → district).
 */
export interface Department {
  id: string;
  kind: string;
  name: string;
  nameZh: string;
  centerIds: string[];
}

export interface DepartmentFilter {
  /** Departments serving at least one of these centers. */
  centerIds?: readonly string[];
  kind?: string;
}

/** Reads `a,b,,c ` from a query string as ['a', 'b', 'c']; nothing usable means "no filter". */
export function parseCenterIds(raw: string | undefined): string[] | undefined {
  const ids = (raw ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  return ids.length > 0 ? [...new Set(ids)] : undefined;
}
