/**
 * Counters of the compiler's unit steps (YAML lexemes, converted nodes, schema findings,
 * edit-distance cells, located diagnostics). They cost one addition each and let tests assert
 * how work grows with the input (near-linear), instead of timing it on a busy machine.
 */
export const WORK = { lexemes: 0, nodes: 0, schemaErrors: 0, editCells: 0, diagnostics: 0 };

/** The sum of all counters: a machine-independent measure of one compile's work. */
export function totalWork(): number {
  return WORK.lexemes + WORK.nodes + WORK.schemaErrors + WORK.editCells + WORK.diagnostics;
}

export function resetWork(): void {
  WORK.lexemes = 0;
  WORK.nodes = 0;
  WORK.schemaErrors = 0;
  WORK.editCells = 0;
  WORK.diagnostics = 0;
}
