// The columns of a <Table>: a label, or a label with the class its header cell and cells share.

/** One column's header: 'Container', or { label: 'Lag', class: 'num' } for a right-aligned number. */
export type Column = string | { label: string; class: string };

/** A numeric column: its header is right-aligned like its cells. */
export const numeric = (label: string): Column => ({ label, class: 'num' });
