/**
 * A compile error, charged to the katas whose code it is in: `deno check`'s
 * and the module loader's messages read into problems, each with the kata
 * folders it names, and the katas of a batch whose tests load those folders.
 *
 * @module
 */

import { dependenciesOf, type Kata, type KataId } from "../lib/katas.ts";
import type { Judge, KataRun } from "./_run_tests.ts";
import { capText, repoPath } from "./_test_report.ts";

/** A compile error, charged to the katas whose files it names. */
export interface CompileProblem {
  /** The compiler's first line, with its code: `Type 'string' is not assignable to type 'number'. (TS2322)`. */
  readonly message: string;
  /** `katas/03/backward.ts:15`. */
  readonly where: string;
  /** The kata files it names, as `katas/03` or `solutions/03`. */
  readonly mentions: readonly string[];
  /** The whole block, for the output. */
  readonly text: string;
  /** A module that cannot be parsed or found: the check stopped there, before type-checking. */
  readonly graph: boolean;
}

/**
 * The compiler's and the module loader's errors in `text`: each
 * `TS2322 [ERROR]: …` or `error: …` block, with where it is.
 */
export function compileProblems(text: string, root: string): CompileProblem[] {
  const problems: CompileProblem[] = [];
  const blocks = text.split(/\n(?=TS\d+ \[ERROR\]: |error: )/);
  for (const block of blocks) {
    const ts = block.match(/^(?:[\s\S]*?\n)?(TS\d+) \[ERROR\]: ([^\n]*)/);
    const other = block.match(/^(?:[\s\S]*?\n)?error: ([^\n]*)/);
    let message: string;
    if (ts) message = `${ts[2]} (${ts[1]})`;
    else if (other && !/^(Type checking failed|Test failed)/.test(other[1])) {
      message = other[1].replace(/^Uncaught (\(in promise\) )?/, "");
    } else continue;
    const at = block.match(/\bat (file:\/\/\S+?):(\d+):\d+/);
    const where = at ? `${repoPath(at[1], root)}:${at[2]}` : "";
    const mentions = new Set<string>();
    for (const m of block.matchAll(/file:\/\/[^\s"'`)]+/g)) {
      const folder = repoPath(m[0], root).match(/^(katas|solutions)\/\d\d(?=\/)/);
      if (folder) mentions.add(folder[0]);
    }
    problems.push({ message, where, mentions: [...mentions], text: block.trim(), graph: !ts });
  }
  return problems;
}

/** The folders (`katas/NN`, `solutions/NN`) whose code is part of `kata`'s tests under `judge`. */
function graphFolders(kata: Kata, judge: Judge): string[] {
  const ids = [kata.id, ...dependenciesOf(kata)];
  const reference = (id: KataId) =>
    judge === "standalone" ? id !== kata.id : judge === "own" ? false : judge.includes(id);
  const folders = [`katas/${kata.id}`]; // its tests are always there
  for (const id of ids) folders.push(reference(id) ? `solutions/${id}` : `katas/${id}`);
  return folders;
}

/**
 * The katas of `katas` that `problem` concerns, or `undefined` when it
 * names no kata file (then no kata can be blamed by its paths).
 */
export function blamed(
  problem: CompileProblem,
  katas: readonly Kata[],
  judge: Judge,
): Kata[] | undefined {
  if (problem.mentions.length === 0) return undefined;
  return katas.filter((kata) =>
    graphFolders(kata, judge).some((folder) => problem.mentions.includes(folder))
  );
}

/** The run of a kata that did not compile: no tests, the problem's message and place. */
export function compileErrorRun(id: KataId, problem: CompileProblem, ms: number): KataRun {
  return {
    kata: id,
    state: "compile-error",
    tests: [],
    error: problem.message,
    where: problem.where,
    output: capText(problem.text),
    ms,
  };
}
