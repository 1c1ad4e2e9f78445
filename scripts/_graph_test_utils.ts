/**
 * Test helpers for the graph tests: read back the Mermaid text that
 * `_mermaid.ts` writes (only the forms it writes).
 *
 * @module
 */

/** A box of a flowchart: its id, the lines of its label, and its class. */
export interface MermaidNode {
  readonly id: string;
  readonly lines: readonly string[];
  readonly cls: string;
}

/** An arrow of a flowchart, with its label (`""` for none). */
export interface MermaidEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/** A flowchart read back: direction, class definitions, boxes and arrows, in order. */
export interface Mermaid {
  readonly direction: string;
  readonly classDefs: ReadonlyMap<string, string>;
  readonly nodes: readonly MermaidNode[];
  readonly edges: readonly MermaidEdge[];
}

/** Reads a flowchart; throws on a line it does not know, so nothing slips through unchecked. */
export function parseMermaid(text: string): Mermaid {
  const lines = text.trimEnd().split("\n");
  const header = /^flowchart (LR|RL)$/.exec(lines[0]);
  if (!header) throw new Error(`Not a flowchart header: ${lines[0]}`);
  const classDefs = new Map<string, string>();
  const nodes: MermaidNode[] = [];
  const edges: MermaidEdge[] = [];
  for (const line of lines.slice(1)) {
    let m;
    if (/^ {2}%% /.test(line)) continue;
    if ((m = /^ {2}classDef (\w+) (\S+)$/.exec(line))) {
      classDefs.set(m[1], m[2]);
    } else if ((m = /^ {2}(n\d+)\["([^"]*)"\]:::(\w+)$/.exec(line))) {
      nodes.push({ id: m[1], lines: m[2].split("<br/>"), cls: m[3] });
    } else if ((m = /^ {2}(n\d+) -->(?:\|"([^"]*)"\|)? (n\d+)$/.exec(line))) {
      edges.push({ from: m[1], to: m[3], label: m[2] ?? "" });
    } else {
      throw new Error(`Unexpected line in the flowchart: ${JSON.stringify(line)}`);
    }
  }
  return { direction: header[1], classDefs, nodes, edges };
}

/** The box whose label starts with `title` (e.g. `"a"` or `"* → c"`); throws if there is none. */
export function nodeTitled(graph: Mermaid, title: string): MermaidNode {
  const node = graph.nodes.find((n) => n.lines[0] === title);
  if (!node) {
    throw new Error(`No box titled ${title}: ${graph.nodes.map((n) => n.lines[0]).join(", ")}`);
  }
  return node;
}
