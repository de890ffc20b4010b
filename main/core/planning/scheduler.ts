export interface DagNode<T> {
  id: string;
  dependsOn: readonly string[];
  run(): Promise<T>;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Duplicate ids, dependencies on nothing, and cycles: why a graph cannot be run, or [] when it can. */
export function checkDag(nodes: readonly { id: string; dependsOn: readonly string[] }[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const node of nodes) {
    if (ids.has(node.id)) problems.push(`the id ${node.id} is used twice`);
    ids.add(node.id);
  }
  for (const node of nodes) {
    for (const dep of node.dependsOn) {
      if (!ids.has(dep)) problems.push(`${node.id} depends on ${dep}, which is not in the plan`);
      if (dep === node.id) problems.push(`${node.id} depends on itself`);
    }
  }
  if (problems.length) return problems;
  // Kahn's algorithm: whatever is left once nothing more can start lies on a cycle.
  const waiting = new Map(nodes.map((node) => [node.id, new Set(node.dependsOn)]));
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const [id, deps] of waiting) {
      if (deps.size === 0) {
        waiting.delete(id);
        for (const other of waiting.values()) other.delete(id);
        progressed = true;
      }
    }
  }
  if (waiting.size) problems.push(`these steps depend on one another in a cycle: ${[...waiting.keys()].join(', ')}`);
  return problems;
}

/**
 * Runs a checked DAG: every node starts as soon as all its dependencies have settled, so independent nodes
 * run in parallel. A node that fails settles as a failure; the nodes after it still run and see that.
 */
export function runDag<T>(nodes: readonly DagNode<T>[]): Promise<Map<string, Settled<T>>> {
  const problems = checkDag(nodes);
  if (problems.length) return Promise.reject(new Error(`the plan's graph cannot run: ${problems.join('; ')}`));
  const settled = new Map<string, Settled<T>>();
  const started = new Set<string>();
  return new Promise((resolve) => {
    const launch = () => {
      if (settled.size === nodes.length) {
        resolve(settled);
        return;
      }
      for (const node of nodes) {
        if (started.has(node.id) || !node.dependsOn.every((dep) => settled.has(dep))) continue;
        started.add(node.id);
        node
          .run()
          .then(
            (value) => settled.set(node.id, { ok: true, value }),
            (error: unknown) => settled.set(node.id, { ok: false, error }),
          )
          .finally(launch);
      }
    };
    launch();
  });
}
