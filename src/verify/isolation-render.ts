// The isolation matrix for people: rows are the setup whose identities act, columns the setup
// (or `*`: cluster-wide) they reach; each cell says how many checks agree with isolation. The
// failing cells themselves are listed by verify's checks, with the binding or statement named.
import type { Style } from '../io/types.js';
import { renderTable } from '../list/render.js';
import type { IsolationMatrix } from './isolation-types.js';

export function renderIsolationText(m: IsolationMatrix, style: Style): string {
  const names = m.workspaces.map((w) => w.name);
  const extra = [...new Set(m.cells.map((c) => c.to).filter((t) => !names.includes(t)))].sort();
  const columns = [...names, ...extra];
  const froms = [...names, ...new Set(m.cells.map((c) => c.from).filter((f) => !names.includes(f)))];
  const rows = froms.map((from) => [
    [from],
    ...columns.map((to) => {
      const cells = m.cells.filter((c) => c.from === from && c.to === to);
      if (cells.length === 0) return ['-'];
      const bad = cells.filter((c) => !c.ok).length;
      return [bad ? `FAIL ${bad}/${cells.length}` : `ok ${cells.length}`];
    }),
  ]);
  const table = renderTable(['FROM \\ TO', ...columns], rows);
  const painted = table.replace(/FAIL \d+\/\d+/g, (s) => style.error(s));
  return `Isolation between the cluster's Seqera setups (rows act on columns; * = cluster-wide):\n${painted}`;
}
