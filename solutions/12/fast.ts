// The same GPT on flat buffers: loops instead of a graph, and a backward pass written by hand.

import type { GPT, GPTConfig } from "../07/gpt.ts";
import type { Tokenizer } from "../05/tokenizer.ts";
import type { TrainOptions } from "../10/train.ts";
import type { Random } from "../../lib/random.ts";

/**
 * One matrix of the model as two flat buffers, row-major: row `o`, column
 * `i` is at index `o * cols + i` of `data` (the weights) and of `grad`
 * (d(loss)/d(weight)).
 */
export interface FastMatrix {
  /** The state-dict key, e.g. `"layer0.attn_wq"`. */
  readonly name: string;
  /** The number of rows (outputs of a linear layer). */
  readonly rows: number;
  /** The number of columns (inputs of a linear layer). */
  readonly cols: number;
  /** The weights, `rows * cols` of them. */
  readonly data: Float64Array;
  /** Their gradients, the same size, zero until a backward pass adds to them. */
  readonly grad: Float64Array;
}

/** The six matrices of one transformer layer. */
export interface FastLayer {
  readonly attnWq: FastMatrix;
  readonly attnWk: FastMatrix;
  readonly attnWv: FastMatrix;
  readonly attnWo: FastMatrix;
  readonly mlpFc1: FastMatrix;
  readonly mlpFc2: FastMatrix;
}

/** A GPT as flat buffers: the same configuration and the same matrices, by name and in order. */
export interface FastGPT {
  readonly config: GPTConfig;
  /** Every matrix, in the state dict's order (so their weights, end to end, are `params`). */
  readonly matrices: readonly FastMatrix[];
  readonly wte: FastMatrix;
  readonly wpe: FastMatrix;
  readonly lmHead: FastMatrix;
  readonly layers: readonly FastLayer[];
}

/**
 * Copies a model into flat buffers: one `Float64Array` of weights and one
 * of gradients (zeros) per matrix of the state dict, in its order.
 *
 * @param model The model built from Values.
 * @returns The same model on flat buffers; changing one does not change the other.
 * @throws {TypeError} When the state dict lacks a matrix or a matrix has the wrong shape.
 */
export function toFast(model: GPT): FastGPT {
  const { config, stateDict } = model;
  const { vocabSize, nLayer, nEmbd, blockSize } = config;
  const take = (name: string, rows: number, cols: number): FastMatrix => {
    const mat = stateDict[name];
    if (mat === undefined) {
      throw new TypeError(
        `Cannot convert the model as its state dict has no "${name}": its keys are ${
          Object.keys(stateDict).join(", ")
        }`,
      );
    }
    if (mat.length !== rows || mat.some((row) => row.length !== cols)) {
      throw new TypeError(
        `Cannot convert the model as "${name}" must be ${rows} x ${cols}: current shape is ${mat.length} x ${
          mat[0]?.length ?? 0
        }`,
      );
    }
    const data = new Float64Array(rows * cols);
    for (let o = 0; o < rows; o++) {
      for (let i = 0; i < cols; i++) data[o * cols + i] = mat[o][i].data;
    }
    return { name, rows, cols, data, grad: new Float64Array(rows * cols) };
  };
  const wte = take("wte", vocabSize, nEmbd);
  const wpe = take("wpe", blockSize, nEmbd);
  const lmHead = take("lm_head", vocabSize, nEmbd);
  const matrices = [wte, wpe, lmHead];
  const layers: FastLayer[] = [];
  for (let l = 0; l < nLayer; l++) {
    const layer: FastLayer = {
      attnWq: take(`layer${l}.attn_wq`, nEmbd, nEmbd),
      attnWk: take(`layer${l}.attn_wk`, nEmbd, nEmbd),
      attnWv: take(`layer${l}.attn_wv`, nEmbd, nEmbd),
      attnWo: take(`layer${l}.attn_wo`, nEmbd, nEmbd),
      mlpFc1: take(`layer${l}.mlp_fc1`, 4 * nEmbd, nEmbd),
      mlpFc2: take(`layer${l}.mlp_fc2`, nEmbd, 4 * nEmbd),
    };
    layers.push(layer);
    matrices.push(
      layer.attnWq,
      layer.attnWk,
      layer.attnWv,
      layer.attnWo,
      layer.mlpFc1,
      layer.mlpFc2,
    );
  }
  const keys = Object.keys(stateDict);
  if (keys.length !== matrices.length || keys.some((key, i) => key !== matrices[i].name)) {
    throw new TypeError(
      `Cannot convert the model as its state dict must hold exactly ${
        matrices.map((m) => m.name).join(", ")
      }, in that order: it holds ${keys.join(", ")}`,
    );
  }
  return { config, matrices, wte, wpe, lmHead, layers };
}

/**
 * The logits at each position of `tokens`, as `gpt` gives them when called
 * for positions 0, 1, ... with one KV cache.
 *
 * @param fast The model on flat buffers.
 * @param tokens The tokens; at most `blockSize` of them are read.
 * @returns One `Float64Array` of `vocabSize` logits per position.
 */
export function fastLogits(fast: FastGPT, tokens: readonly number[]): Float64Array[] {
  const tape = tapeFor(fast);
  const n = Math.min(fast.config.blockSize, tokens.length);
  const logits: Float64Array[] = [];
  for (let p = 0; p < n; p++) logits.push(forward(fast, tape, tokens[p], p).slice());
  return logits;
}

/**
 * `documentLoss` and `backward` on flat buffers: the mean cross-entropy of
 * predicting `tokens[p + 1]` from `tokens[0..p]` over `n = min(blockSize,
 * tokens.length - 1)` positions; its gradient is added into every matrix's
 * `grad`.
 *
 * @param fast The model on flat buffers.
 * @param tokens A document's tokens, `[bos, ...ids, bos]`.
 * @returns The loss.
 * @throws {RangeError} When there are fewer than two tokens.
 */
export function fastLossAndGrad(fast: FastGPT, tokens: readonly number[]): number {
  if (tokens.length < 2) {
    throw new RangeError(
      `Cannot compute a document's loss from fewer than 2 tokens: current length is ${tokens.length}`,
    );
  }
  const n = Math.min(fast.config.blockSize, tokens.length - 1);
  const tape = tapeFor(fast);
  const loss = forwardDocument(fast, tape, tokens, n);
  backwardDocument(fast, tape, tokens, n);
  return loss;
}

/**
 * `train` on flat buffers: the same loop, the same Adam, the same numbers
 * (to the last bits of the gradients), many times faster. When it ends, or
 * stops with an error, the trained weights are written back into the
 * model's Values.
 *
 * @param model The model; its Values receive the trained weights.
 * @param docs The documents, already shuffled; step `s` trains on `docs[s % docs.length]`.
 * @param tokenizer Turns a document into tokens.
 * @param options `numSteps` (the schedule's length), `stopAfter`, `onStep`, `learningRate`.
 * @returns The loss of each step taken.
 * @throws {RangeError} When there are no documents or the step counts are out of range.
 */
export function fastTrain(
  model: GPT,
  docs: readonly string[],
  tokenizer: Tokenizer,
  options: TrainOptions,
): number[] {
  const { numSteps, stopAfter = numSteps, onStep, learningRate = 0.01 } = options;
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
  const fast = toFast(model);
  const tape = tapeFor(fast);
  const adam = new FlatAdam(fast.matrices, learningRate);
  const steps = Math.min(numSteps, stopAfter);
  const losses: number[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      const tokens = tokenizer.encode(docs[step % docs.length]);
      const n = Math.min(fast.config.blockSize, tokens.length - 1);
      const loss = forwardDocument(fast, tape, tokens, n);
      backwardDocument(fast, tape, tokens, n);
      adam.step(step, numSteps);
      losses.push(loss);
      onStep?.(step, loss);
    }
  } finally {
    storeWeights(fast, model);
  }
  return losses;
}

/**
 * `sampleName` on flat buffers: the same tokens from the same random
 * numbers. The model's weights are read afresh at each call, so it sees any
 * change made since the last one.
 *
 * @param model The model.
 * @param tokenizer Turns tokens back into characters.
 * @param rng The generator; one `choices` per token drawn.
 * @param temperature Divides the logits; lower is more conservative.
 * @returns The name (possibly empty).
 * @throws {RangeError} When `temperature` is not > 0 or the tokenizer does not fit the model.
 */
export function fastSampleName(
  model: GPT,
  tokenizer: Tokenizer,
  rng: Random,
  temperature: number,
): string {
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new RangeError(
      `Cannot sample as temperature must be a finite number > 0: current value is ${temperature}`,
    );
  }
  if (tokenizer.vocabSize !== model.config.vocabSize) {
    throw new RangeError(
      `Cannot sample as the tokenizer has ${tokenizer.vocabSize} tokens and the model ${model.config.vocabSize}`,
    );
  }
  let fast = sampleCache.get(model);
  if (fast === undefined) {
    fast = toFast(model);
    sampleCache.set(model, fast);
  } else {
    loadWeights(fast, model);
  }
  const tape = tapeFor(fast);
  const { vocabSize, blockSize } = fast.config;
  const ids = Array.from({ length: vocabSize }, (_, i) => i);
  const weights = new Array<number>(vocabSize).fill(0);
  const scaled = new Float64Array(vocabSize);
  const inverse = temperature ** -1; // l / temperature is l * temperature ** -1
  const name: number[] = [];
  let token = tokenizer.bos;
  for (let pos = 0; pos < blockSize; pos++) {
    const logits = forward(fast, tape, token, pos);
    for (let i = 0; i < vocabSize; i++) scaled[i] = logits[i] * inverse;
    softmaxInto(scaled, 0, vocabSize, scaled, 0);
    for (let i = 0; i < vocabSize; i++) weights[i] = scaled[i];
    token = rng.choices(ids, weights);
    if (token === tokenizer.bos) break;
    name.push(token);
  }
  return tokenizer.decode(name);
}

// The flat copy each model samples from, made once and refreshed at each call
const sampleCache = new WeakMap<GPT, FastGPT>();

// The Values' weights into the buffers (their order: the state dict's, row by row)
function loadWeights(fast: FastGPT, model: GPT): void {
  for (const m of fast.matrices) {
    const mat = model.stateDict[m.name];
    for (let o = 0; o < m.rows; o++) {
      const row = mat[o];
      for (let i = 0; i < m.cols; i++) m.data[o * m.cols + i] = row[i].data;
    }
  }
}

// The buffers' weights back into the Values
function storeWeights(fast: FastGPT, model: GPT): void {
  for (const m of fast.matrices) {
    const mat = model.stateDict[m.name];
    for (let o = 0; o < m.rows; o++) {
      const row = mat[o];
      for (let i = 0; i < m.cols; i++) row[i].data = m.data[o * m.cols + i];
    }
  }
}

// Adam on flat buffers, in microgpt.py's order of operations (kata 09)
class FlatAdam {
  readonly #matrices: readonly FastMatrix[];
  readonly #m: Float64Array[];
  readonly #v: Float64Array[];
  readonly #learningRate: number;
  readonly #beta1 = 0.85;
  readonly #beta2 = 0.99;
  readonly #eps = 1e-8;

  constructor(matrices: readonly FastMatrix[], learningRate: number) {
    this.#matrices = matrices;
    this.#m = matrices.map((m) => new Float64Array(m.data.length));
    this.#v = matrices.map((m) => new Float64Array(m.data.length));
    this.#learningRate = learningRate;
  }

  step(stepIndex: number, numSteps: number): void {
    const beta1 = this.#beta1;
    const beta2 = this.#beta2;
    const eps = this.#eps;
    const lrT = this.#learningRate * (1 - stepIndex / numSteps);
    const correction1 = 1 - beta1 ** (stepIndex + 1);
    const correction2 = 1 - beta2 ** (stepIndex + 1);
    for (let k = 0; k < this.#matrices.length; k++) {
      const { data, grad } = this.#matrices[k];
      const m = this.#m[k];
      const v = this.#v[k];
      for (let i = 0; i < data.length; i++) {
        const g = grad[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g ** 2;
        const mHat = m[i] / correction1;
        const vHat = v[i] / correction2;
        data[i] -= lrT * mHat / (vHat ** 0.5 + eps);
        grad[i] = 0;
      }
    }
  }
}

// What the forward pass keeps for the backward pass: every position's
// activations, each kind in one buffer with position p's row at p * width
interface LayerTape {
  readonly msEps1: Float64Array; // mean square + 1e-5 of the attention block's input
  readonly xn1: Float64Array; // that input, normalised
  readonly q: Float64Array;
  readonly k: Float64Array; // the KV cache
  readonly v: Float64Array;
  readonly att: Float64Array; // attention weights: (p * nHead + h) * blockSize + t
  readonly attOut: Float64Array; // the heads, concatenated
  readonly x2: Float64Array; // after attention and its residual
  readonly msEps2: Float64Array;
  readonly xn2: Float64Array;
  readonly h: Float64Array; // mlp_fc1's output, before relu (4 * nEmbd wide)
  readonly hr: Float64Array; // after relu
  readonly x3: Float64Array; // the layer's output, after its residual
  readonly dk: Float64Array; // the backward pass's running gradients of the KV cache
  readonly dv: Float64Array;
}

interface Tape {
  readonly emb: Float64Array; // wte[token] + wpe[pos]
  readonly msEps0: Float64Array;
  readonly x0: Float64Array; // emb, normalised: the first layer's input
  readonly layers: readonly LayerTape[];
  readonly logits: Float64Array;
  readonly probs: Float64Array;
  // Scratch for the backward pass, one position wide
  readonly dx: Float64Array;
  readonly dxIn: Float64Array;
  readonly dx2: Float64Array;
  readonly dxn: Float64Array;
  readonly dAtt: Float64Array;
  readonly dq: Float64Array;
  readonly dh: Float64Array;
  readonly dLogits: Float64Array;
  readonly dWeights: Float64Array;
}

const tapes = new WeakMap<FastGPT, Tape>();

// The tape of a model, made on first use
function tapeFor(fast: FastGPT): Tape {
  let tape = tapes.get(fast);
  if (tape === undefined) {
    tape = makeTape(fast.config);
    tapes.set(fast, tape);
  }
  return tape;
}

function makeTape(config: GPTConfig): Tape {
  const { vocabSize: V, nLayer, nEmbd: E, nHead, blockSize: B } = config;
  const f = (n: number) => new Float64Array(n);
  const layers: LayerTape[] = [];
  for (let l = 0; l < nLayer; l++) {
    layers.push({
      msEps1: f(B),
      xn1: f(B * E),
      q: f(B * E),
      k: f(B * E),
      v: f(B * E),
      att: f(B * nHead * B),
      attOut: f(B * E),
      x2: f(B * E),
      msEps2: f(B),
      xn2: f(B * E),
      h: f(B * 4 * E),
      hr: f(B * 4 * E),
      x3: f(B * E),
      dk: f(B * E),
      dv: f(B * E),
    });
  }
  return {
    emb: f(B * E),
    msEps0: f(B),
    x0: f(B * E),
    layers,
    logits: f(B * V),
    probs: f(B * V),
    dx: f(E),
    dxIn: f(E),
    dx2: f(E),
    dxn: f(E),
    dAtt: f(E),
    dq: f(E),
    dh: f(4 * E),
    dLogits: f(V),
    dWeights: f(B),
  };
}

// ---------------------------------------------------------------------------
// Forward: the scalar engine's arithmetic in the same order, so the numbers are the same

// out = W x: one dot product per row, summed left to right from 0 as Python's sum
function matVec(
  w: FastMatrix,
  x: Float64Array,
  xOff: number,
  out: Float64Array,
  outOff: number,
): void {
  const { rows, cols, data } = w;
  for (let o = 0; o < rows; o++) {
    const base = o * cols;
    let acc = 0;
    for (let i = 0; i < cols; i++) acc += data[base + i] * x[xOff + i];
    out[outOff + o] = acc;
  }
}

// out = x * (mean(x^2) + 1e-5) ** -0.5; returns mean(x^2) + 1e-5 for the backward pass
function rmsnormInto(
  x: Float64Array,
  xOff: number,
  n: number,
  out: Float64Array,
  outOff: number,
): number {
  let squares = 0;
  for (let i = 0; i < n; i++) squares += x[xOff + i] * x[xOff + i];
  const msEps = squares * n ** -1 + 1e-5; // sum / n is sum * n ** -1
  const scale = msEps ** -0.5;
  for (let i = 0; i < n; i++) out[outOff + i] = x[xOff + i] * scale;
  return msEps;
}

// out = softmax(x): the max subtracted, exp, each times the total ** -1 (out may be x)
function softmaxInto(
  x: Float64Array,
  xOff: number,
  n: number,
  out: Float64Array,
  outOff: number,
): void {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (x[xOff + i] > max) max = x[xOff + i];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(x[xOff + i] - max);
    out[outOff + i] = e;
    total += e;
  }
  const inverse = total ** -1;
  for (let i = 0; i < n; i++) out[outOff + i] *= inverse;
}

// The forward pass for the token at position p; returns a view of its logits
function forward(fast: FastGPT, tape: Tape, tokenId: number, p: number): Float64Array {
  const { vocabSize: V, nEmbd: E, nHead, blockSize: B } = fast.config;
  if (!Number.isInteger(tokenId) || tokenId < 0 || tokenId >= V) {
    throw new RangeError(
      `Cannot run the GPT as tokenId must be an integer in [0, ${V}): current value is ${tokenId}`,
    );
  }
  const headDim = E / nHead;
  const inverseScale = (headDim ** 0.5) ** -1; // dot / sqrt(headDim)
  const pE = p * E;
  // Token and position embeddings, added, then normalised
  const wte = fast.wte.data;
  const wpe = fast.wpe.data;
  for (let j = 0; j < E; j++) tape.emb[pE + j] = wte[tokenId * E + j] + wpe[pE + j];
  tape.msEps0[p] = rmsnormInto(tape.emb, pE, E, tape.x0, pE);
  let x = tape.x0;
  for (let l = 0; l < fast.layers.length; l++) {
    const w = fast.layers[l];
    const t = tape.layers[l];
    // 1) Multi-head attention block; x is the residual
    t.msEps1[p] = rmsnormInto(x, pE, E, t.xn1, pE);
    matVec(w.attnWq, t.xn1, pE, t.q, pE);
    matVec(w.attnWk, t.xn1, pE, t.k, pE);
    matVec(w.attnWv, t.xn1, pE, t.v, pE);
    for (let h = 0; h < nHead; h++) {
      const hs = h * headDim;
      const a = (p * nHead + h) * B;
      for (let s = 0; s <= p; s++) {
        let dot = 0;
        for (let j = 0; j < headDim; j++) dot += t.q[pE + hs + j] * t.k[s * E + hs + j];
        t.att[a + s] = dot * inverseScale;
      }
      softmaxInto(t.att, a, p + 1, t.att, a);
      for (let j = 0; j < headDim; j++) {
        let acc = 0;
        for (let s = 0; s <= p; s++) acc += t.att[a + s] * t.v[s * E + hs + j];
        t.attOut[pE + hs + j] = acc;
      }
    }
    matVec(w.attnWo, t.attOut, pE, t.x2, pE);
    for (let j = 0; j < E; j++) t.x2[pE + j] += x[pE + j];
    // 2) MLP block; x2 is the residual
    t.msEps2[p] = rmsnormInto(t.x2, pE, E, t.xn2, pE);
    matVec(w.mlpFc1, t.xn2, pE, t.h, 4 * pE);
    for (let j = 0; j < 4 * E; j++) {
      const hj = t.h[4 * pE + j];
      t.hr[4 * pE + j] = hj > 0 ? hj : 0;
    }
    matVec(w.mlpFc2, t.hr, 4 * pE, t.x3, pE);
    for (let j = 0; j < E; j++) t.x3[pE + j] += t.x2[pE + j];
    x = t.x3;
  }
  matVec(fast.lmHead, x, pE, tape.logits, p * V);
  return tape.logits.subarray(p * V, (p + 1) * V);
}

// The forward pass over a document; returns the mean loss, as documentLoss computes it
function forwardDocument(fast: FastGPT, tape: Tape, tokens: readonly number[], n: number): number {
  const V = fast.config.vocabSize;
  let total = 0;
  for (let p = 0; p < n; p++) {
    forward(fast, tape, tokens[p], p);
    softmaxInto(tape.logits, p * V, V, tape.probs, p * V);
    total += Math.log(tape.probs[p * V + tokens[p + 1]]) * -1; // -log(p[target])
  }
  return total * (1 / n);
}

// ---------------------------------------------------------------------------
// Backward: each layer's gradient by hand, position by position from the last

// For out = W x: dW[o][i] += dy[o] * x[i] and dx[i] += W[o][i] * dy[o]
function matVecBackward(
  w: FastMatrix,
  x: Float64Array,
  xOff: number,
  dy: Float64Array,
  dyOff: number,
  dx: Float64Array,
): void {
  const { rows, cols, data, grad } = w;
  for (let o = 0; o < rows; o++) {
    const g = dy[dyOff + o];
    const base = o * cols;
    for (let i = 0; i < cols; i++) {
      grad[base + i] += g * x[xOff + i];
      dx[i] += data[base + i] * g;
    }
  }
}

// For y = x * s, s = (sum(x^2) / n + 1e-5) ** -0.5: adds dL/dx into dx, given dL/dy
function rmsnormBackward(
  x: Float64Array,
  xOff: number,
  n: number,
  msEps: number,
  dy: Float64Array,
  dx: Float64Array,
): void {
  const scale = msEps ** -0.5;
  let dScale = 0; // d(y_i)/d(s) = x_i
  for (let i = 0; i < n; i++) dScale += x[xOff + i] * dy[i];
  const dMsEps = -0.5 * msEps ** -1.5 * dScale; // d(m ** -0.5)/dm = -0.5 * m ** -1.5
  const dSquare = n ** -1 * dMsEps; // every x_i * x_i gets d(ms) / n
  for (let i = 0; i < n; i++) {
    const xi = x[xOff + i];
    const c = xi * dSquare;
    dx[i] += scale * dy[i];
    dx[i] += c; // x_i * x_i has x_i as both operands: two contributions
    dx[i] += c;
  }
}

// The backward pass over a document forwardDocument has just run: adds every gradient
function backwardDocument(
  fast: FastGPT,
  tape: Tape,
  tokens: readonly number[],
  n: number,
): void {
  const { vocabSize: V, nEmbd: E, nHead, blockSize: B } = fast.config;
  const headDim = E / nHead;
  const inverseScale = (headDim ** 0.5) ** -1;
  const { dx, dxIn, dx2, dxn, dAtt, dq, dh, dLogits, dWeights } = tape;
  for (const t of tape.layers) {
    t.dk.fill(0, 0, n * E);
    t.dv.fill(0, 0, n * E);
  }
  const g = 1 / n; // d(loss)/d(loss at each position)
  for (let p = n - 1; p >= 0; p--) {
    const pE = p * E;
    // Cross-entropy of softmax: dL/dlogit_i = (prob_i - [i is the target]) * g
    const target = tokens[p + 1];
    for (let i = 0; i < V; i++) dLogits[i] = (tape.probs[p * V + i] - (i === target ? 1 : 0)) * g;
    const lastLayer = tape.layers[tape.layers.length - 1];
    dx.fill(0);
    matVecBackward(fast.lmHead, lastLayer ? lastLayer.x3 : tape.x0, pE, dLogits, 0, dx);
    for (let l = fast.layers.length - 1; l >= 0; l--) {
      const w = fast.layers[l];
      const t = tape.layers[l];
      const xIn = l === 0 ? tape.x0 : tape.layers[l - 1].x3;
      // MLP block: x3 = fc2(relu(fc1(rmsnorm(x2)))) + x2
      dx2.set(dx); // through the residual
      dh.fill(0);
      matVecBackward(w.mlpFc2, t.hr, 4 * pE, dx, 0, dh);
      for (let j = 0; j < 4 * E; j++) if (!(t.h[4 * pE + j] > 0)) dh[j] = 0; // relu
      dxn.fill(0);
      matVecBackward(w.mlpFc1, t.xn2, pE, dh, 0, dxn);
      rmsnormBackward(t.x2, pE, E, t.msEps2[p], dxn, dx2);
      // Attention block: x2 = wo(heads) + xIn
      dxIn.set(dx2); // through the residual
      dAtt.fill(0);
      matVecBackward(w.attnWo, t.attOut, pE, dx2, 0, dAtt);
      dq.fill(0);
      for (let h = 0; h < nHead; h++) {
        const hs = h * headDim;
        const a = (p * nHead + h) * B;
        // out_j = sum_s w_s v_s[j]: dw_s = sum_j dout_j v_s[j], dv_s[j] += w_s dout_j
        let dot = 0;
        for (let s = 0; s <= p; s++) {
          const ws = t.att[a + s];
          let dw = 0;
          for (let j = 0; j < headDim; j++) {
            dw += dAtt[hs + j] * t.v[s * E + hs + j];
            t.dv[s * E + hs + j] += ws * dAtt[hs + j];
          }
          dWeights[s] = dw;
          dot += ws * dw;
        }
        // Softmax: dlogit_s = w_s (dw_s - sum_r w_r dw_r); logit_s = (q . k_s) / sqrt(headDim)
        for (let s = 0; s <= p; s++) {
          const dLogit = t.att[a + s] * (dWeights[s] - dot) * inverseScale;
          for (let j = 0; j < headDim; j++) {
            dq[hs + j] += dLogit * t.k[s * E + hs + j];
            t.dk[s * E + hs + j] += dLogit * t.q[pE + hs + j];
          }
        }
      }
      // Later positions have all been done, so dk and dv at p are complete
      dxn.fill(0);
      matVecBackward(w.attnWq, t.xn1, pE, dq, 0, dxn);
      matVecBackward(w.attnWk, t.xn1, pE, t.dk, pE, dxn);
      matVecBackward(w.attnWv, t.xn1, pE, t.dv, pE, dxn);
      rmsnormBackward(xIn, pE, E, t.msEps1[p], dxn, dxIn);
      dx.set(dxIn);
    }
    // Embeddings: emb = wte[token] + wpe[p], normalised
    dxn.fill(0);
    rmsnormBackward(tape.emb, pE, E, tape.msEps0[p], dx, dxn);
    const token = tokens[p];
    const wteGrad = fast.wte.grad;
    const wpeGrad = fast.wpe.grad;
    for (let j = 0; j < E; j++) {
      wteGrad[token * E + j] += dxn[j];
      wpeGrad[pE + j] += dxn[j];
    }
  }
}
