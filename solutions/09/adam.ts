// Adam, the optimizer: each parameter takes a step against its gradient.

import type { Value } from "../01/value.ts";

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
  /** The first moment (running mean of the gradient), one slot per parameter. */
  readonly m: Float64Array;
  /** The second moment (running mean of the squared gradient), one slot per parameter. */
  readonly v: Float64Array;

  /**
   * @param params The parameters to update (`model.params`).
   * @param options The settings; defaults 0.01, 0.85, 0.99 and 1e-8.
   */
  constructor(params: readonly Value[], options: AdamOptions = {}) {
    const { learningRate = 0.01, beta1 = 0.85, beta2 = 0.99, eps = 1e-8 } = options;
    this.params = params;
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.m = new Float64Array(params.length);
    this.v = new Float64Array(params.length);
  }

  /**
   * Updates every parameter from its gradient, then sets the gradient to 0.
   *
   * @param stepIndex The step, counted from 0.
   * @param numSteps The length of the schedule: the learning rate is
   * `learningRate * (1 - stepIndex / numSteps)`.
   */
  step(stepIndex: number, numSteps: number): void {
    const { params, m, v, beta1, beta2, eps } = this;
    const lrT = this.learningRate * (1 - stepIndex / numSteps); // linear decay
    const correction1 = 1 - beta1 ** (stepIndex + 1);
    const correction2 = 1 - beta2 ** (stepIndex + 1);
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      m[i] = beta1 * m[i] + (1 - beta1) * p.grad;
      v[i] = beta2 * v[i] + (1 - beta2) * p.grad ** 2;
      const mHat = m[i] / correction1; // undo the pull towards the zeros m started from
      const vHat = v[i] / correction2;
      p.data -= lrT * mHat / (vHat ** 0.5 + eps);
      p.grad = 0;
    }
  }
}
