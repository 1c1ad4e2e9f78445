// deno-lint-ignore-file no-unused-vars
// Adam, the optimizer: each parameter takes a step against its gradient.

import type { Value } from "../01/value.ts";
import { todo } from "../../lib/todo.ts";

/** Adam's settings; each one left out takes microgpt.py's value. */
export interface AdamOptions {
  /** The step size before decay (default 0.01). */
  readonly learningRate?: number;
  /** How slowly the mean of the gradients moves (default 0.85). */
  readonly beta1?: number;
  /** How slowly the mean of the squared gradients moves (default 0.99). */
  readonly beta2?: number;
  /** Keeps the division safe when the squared gradients are tiny (default 1e-8). */
  readonly eps?: number;
}

/**
 * The Adam optimizer, as microgpt.py runs it: a running mean of each
 * parameter's gradient (`m`) and of its square (`v`), both corrected for
 * starting at zero, and a learning rate that decays linearly to zero over
 * the schedule.
 */
export class Adam {
  /** The parameters it updates, in order. */
  readonly params: readonly Value[];
  /** The step size before decay. */
  readonly learningRate: number;
  /** The decay of the first moment. */
  readonly beta1: number;
  /** The decay of the second moment. */
  readonly beta2: number;
  /** The constant added to the denominator. */
  readonly eps: number;
  /** The first moment (running mean of the gradient), one slot per parameter, starting at 0. */
  readonly m: Float64Array;
  /** The second moment (running mean of the squared gradient), one slot per parameter, starting at 0. */
  readonly v: Float64Array;

  /**
   * Keeps the parameters and the settings, and makes the two moment buffers.
   *
   * @param params The parameters to update (`model.params`).
   * @param options The settings; defaults 0.01, 0.85, 0.99 and 1e-8.
   */
  constructor(params: readonly Value[], options: AdamOptions = {}) {
    // TODO: store params and the settings (with their defaults), and m and v full of zeros
    todo("Adam");
  }

  /**
   * Updates every parameter from its gradient, then sets the gradient to 0.
   * With `t = stepIndex + 1`, `g` the gradient and `lr_t = learningRate *
   * (1 - stepIndex / numSteps)`:
   *
   * - `m = beta1 * m + (1 - beta1) * g`, `v = beta2 * v + (1 - beta2) * g ** 2`
   * - `mHat = m / (1 - beta1 ** t)`, `vHat = v / (1 - beta2 ** t)`
   * - `p.data -= lr_t * mHat / (vHat ** 0.5 + eps)`, then `p.grad = 0`
   *
   * @param stepIndex The step, counted from 0.
   * @param numSteps The length of the schedule.
   */
  step(stepIndex: number, numSteps: number): void {
    // TODO: update m, v and every parameter as above, and zero each gradient
    return todo("Adam.step");
  }
}
