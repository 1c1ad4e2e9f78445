// The training loop: one document per step, forward, backward, Adam.

import { backward } from "../03/backward.ts";
import type { Tokenizer } from "../05/tokenizer.ts";
import type { GPT } from "../07/gpt.ts";
import { documentLoss } from "../08/loss.ts";
import { Adam } from "../09/adam.ts";

/** How to train. */
export interface TrainOptions {
  /** The length of the schedule: the learning rate decays to 0 over it. */
  readonly numSteps: number;
  /** Stop after this many steps (default: `numSteps`); the schedule is unchanged. */
  readonly stopAfter?: number;
  /** Called after each step with the step (from 0) and its loss. */
  readonly onStep?: (step: number, loss: number) => void;
  /** Adam's learning rate before decay (default 0.01). */
  readonly learningRate?: number;
}

/**
 * Trains `model` in place, as microgpt.py does: step `s` takes document
 * `docs[s % docs.length]`, computes its loss, backpropagates, and lets Adam
 * update every parameter.
 *
 * @param model The model to train; its parameters change.
 * @param docs The documents, already shuffled.
 * @param tokenizer Turns a document into tokens.
 * @param options The schedule's length, and optionally an early stop, a
 * callback per step and the learning rate.
 * @returns The loss of each step.
 * @throws {RangeError} When there are no documents or the step counts are not integers >= 1.
 */
export function train(
  model: GPT,
  docs: readonly string[],
  tokenizer: Tokenizer,
  options: TrainOptions,
): number[] {
  const { numSteps, stopAfter = numSteps, onStep, learningRate } = options;
  if (docs.length === 0) throw new RangeError("Cannot train on an empty list of documents");
  if (!Number.isInteger(numSteps) || numSteps < 1) {
    throw new RangeError(
      `Cannot train as numSteps must be an integer >= 1: current value is ${numSteps}`,
    );
  }
  if (!Number.isInteger(stopAfter) || stopAfter < 0) {
    throw new RangeError(
      `Cannot train as stopAfter must be an integer >= 0: current value is ${stopAfter}`,
    );
  }
  // Let there be Adam, with one pair of moment buffers per parameter
  const adam = new Adam(model.params, { learningRate });
  const losses: number[] = [];
  const steps = Math.min(numSteps, stopAfter);
  for (let step = 0; step < steps; step++) {
    const tokens = tokenizer.encode(docs[step % docs.length]);
    const loss = documentLoss(model, tokens); // forward
    backward(loss); // every parameter's gradient
    adam.step(step, numSteps); // update, and zero the gradients
    losses.push(loss.data);
    onStep?.(step, loss.data);
  }
  return losses;
}
