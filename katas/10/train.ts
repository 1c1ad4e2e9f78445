// deno-lint-ignore-file no-unused-vars
// The training loop: one document per step, forward, backward, Adam.

import { backward } from "../03/backward.ts";
import type { Tokenizer } from "../05/tokenizer.ts";
import type { GPT } from "../07/gpt.ts";
import { documentLoss } from "../08/loss.ts";
import { Adam } from "../09/adam.ts";
import { todo } from "../../lib/todo.ts";

/** How to train. */
export interface TrainOptions {
  /** The length of the schedule: the learning rate decays to 0 over it. */
  readonly numSteps: number;
  /** Stop after this many steps (default: `numSteps`); the schedule is unchanged. */
  readonly stopAfter?: number;
  /** Called after each step with the step (from 0) and its loss. */
  readonly onStep?: (step: number, loss: number) => void;
  /** Adam's learning rate before decay (default: Adam's, 0.01). */
  readonly learningRate?: number;
}

/**
 * Trains `model` in place, as microgpt.py does. One `Adam` over
 * `model.params` (with `options.learningRate`) serves the whole run. Step
 * `s` (from 0) takes document `docs[s % docs.length]`, encodes it, computes
 * its `documentLoss`, runs `backward` on it, calls `adam.step(s, numSteps)`,
 * then reports `onStep(s, loss)`. It stops after `stopAfter` steps if that
 * is given, without changing the schedule (`numSteps`).
 *
 * @param model The model to train; its parameters change.
 * @param docs The documents, already shuffled.
 * @param tokenizer Turns a document into tokens.
 * @param options The schedule's length, and optionally an early stop, a
 * callback per step and the learning rate.
 * @returns The loss (its `.data`) of each step, in order.
 *
 * @example
 * ```ts ignore
 * const losses = train(model, docs, tokenizer, {
 *   numSteps: 1000,
 *   onStep: (step, loss) => console.log(step + 1, loss),
 * });
 * ```
 */
export function train(
  model: GPT,
  docs: readonly string[],
  tokenizer: Tokenizer,
  options: TrainOptions,
): number[] {
  // TODO: one Adam, then per step: encode, documentLoss, backward, adam.step, onStep
  return todo("train");
}
