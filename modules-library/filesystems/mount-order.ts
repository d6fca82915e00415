/**
 * The order file systems are mounted in: nixpkgs `utils.fsBefore` with `lib.toposort`, ported so
 * /etc/fstab and stage 1 list mounts in the same order NixOS would (parents first; otherwise the
 * attribute names' order).
 */

/** The fields of a file system the order depends on. */
export interface MountOrderEntry {
  mountPoint: string;
  device: string | null;
  depends: string[];
}

// A trailing slash keeps `/mnt` from counting as a parent of `/mnt2`.
const withSlash = (path: string) => (path.endsWith("/") ? path : `${path}/`);

/** Whether `a` must be mounted before `b`: `b` lives under `a`, its device does, or it depends on a path under `a`. */
export function mountsBefore(a: MountOrderEntry, b: MountOrderEntry): boolean {
  const prefix = withSlash(a.mountPoint);
  return (
    withSlash(String(b.device ?? "")).startsWith(prefix) ||
    withSlash(b.mountPoint).startsWith(prefix) ||
    b.depends.some((d) => withSlash(d).startsWith(prefix))
  );
}

export type SortResult<T> = { result: T[] } | { cycle: T[]; loops: T[] };

/**
 * nixpkgs `lib.toposort`: repeatedly takes, by depth-first search from the head of the list, an
 * element nothing remaining comes before. Keeps the input order where the relation allows it, so
 * the outcome matches NixOS's exactly; a cycle is reported with the path that found it.
 */
export function toposort<T>(before: (a: T, b: T) => boolean, list: readonly T[]): SortResult<T> {
  const result: T[] = [];
  let rest = [...list];
  while (rest.length >= 2) {
    const dfs = searchMinimal(before, rest);
    if ("cycle" in dfs) return { cycle: [...dfs.cycle].reverse(), loops: dfs.loops };
    result.push(dfs.minimal);
    rest = [...dfs.visited, ...dfs.rest];
  }
  return { result: [...result, ...rest] };
}

type Dfs<T> = { minimal: T; visited: T[]; rest: T[] } | { cycle: T[]; loops: T[]; visited: T[] };

/** nixpkgs `lib.listDfs true`: follows "comes before" links from the head until nothing precedes. */
function searchMinimal<T>(before: (a: T, b: T) => boolean, list: T[]): Dfs<T> {
  let us = list[0] as T;
  let visited: T[] = [];
  let rest = list.slice(1);
  for (;;) {
    const loops = visited.filter((x) => before(x, us));
    if (loops.length > 0) return { cycle: [us, ...visited], loops, visited };
    const earlier = rest.filter((x) => before(x, us));
    if (earlier.length === 0) return { minimal: us, visited, rest };
    const next = earlier[0] as T;
    visited = [us, ...visited];
    rest = [...earlier.slice(1), ...rest.filter((x) => !before(x, us))];
    us = next;
  }
}
