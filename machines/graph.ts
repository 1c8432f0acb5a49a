import type { AnyStateMachine, AnyStateNode } from "xstate";

export interface MachineNode {
  /** Dotted path without the machine id, e.g. "active.planning". */
  path: string;
  key: string;
  parent: string | null;
  type: "atomic" | "compound" | "parallel" | "final" | "history";
}

export interface MachineEdge {
  from: string;
  to: string;
  event: string;
  guarded: boolean;
}

/** Nodes and edges of a machine, read from its definition (for the statechart view). */
export function describeMachine(machine: AnyStateMachine): { nodes: MachineNode[]; edges: MachineEdge[] } {
  const nodes: MachineNode[] = [];
  const edges: MachineEdge[] = [];
  const pathOf = (n: AnyStateNode) => n.path.join(".");
  const visit = (node: AnyStateNode, parent: string | null) => {
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      nodes.push({ path: pathOf(child), key: child.key, parent, type: child.type });
      for (const [event, definitions] of child.transitions) {
        for (const def of definitions) {
          for (const target of def.target ?? []) {
            edges.push({ from: pathOf(child), to: pathOf(target), event, guarded: !!def.guard });
          }
        }
      }
      visit(child, pathOf(child));
    }
  };
  visit(machine.root, null);
  return { nodes, edges };
}
