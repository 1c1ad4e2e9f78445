/**
 * What one training step costs each engine, counted rather than timed: the
 * scalar engine's graph size (Values reachable from the loss) and the fast
 * engine's floating-point operations. `scripts/bench.ts` prints them next to
 * the times, so a reader can see each engine's time follow its own count.
 *
 * @module
 */

import type { GPTConfig } from "../solutions/07/gpt.ts";

/**
 * The number of Values reachable from one document's loss in the scalar
 * engine (katas 01-08): every node `topologicalOrder(loss)` returns, counted
 * from how each operation is built (a number operand becomes a leaf, `sum`
 * starts with `x0 + 0`, `a / b` is `a * b ** -1`, ...). `scripts/bench_test.ts`
 * checks it against the real graph.
 *
 * @param config The model's shape.
 * @param tokens The document's tokens, `[bos, ...ids, bos]`.
 * @returns The number of nodes, parameters included.
 */
export function scalarNodes(config: GPTConfig, tokens: readonly number[]): number {
  const { vocabSize: V, nLayer: L, nEmbd: E, nHead: H, blockSize } = config;
  const n = Math.min(blockSize, tokens.length - 1);
  const linear = (rows: number, cols: number) => rows * (2 * cols + 1); // muls, then sum: 0 leaf + adds
  const rmsnorm = 3 * E + 6; // squares, sum, / n, + 1e-5, ** -0.5, x * scale
  let nodes = n + 3; // sum of the n losses, times 1 / n
  for (let p = 0; p < n; p++) {
    const T = p + 1; // keys in the cache
    nodes += E + rmsnorm; // wte + wpe, then rmsnorm
    for (let l = 0; l < L; l++) {
      nodes += rmsnorm + 3 * linear(E, E); // q, k, v
      nodes += 4 * E * T + 9 * H * T + E + H; // scores, softmax and weighted sums of every head
      nodes += linear(E, E) + E; // attn_wo and the residual
      nodes += rmsnorm + linear(4 * E, E) + 4 * E + linear(E, 4 * E) + E; // the MLP block
    }
    // lm_head; softmax (only the target's probability is reachable: no other division); -log
    nodes += linear(V, E) + 4 * V + 6;
  }
  // The parameters the loss depends on
  const tokensUsed = new Set(tokens.slice(0, n)).size;
  nodes += (tokensUsed + n + V) * E + L * 12 * E * E; // wte rows, wpe rows, lm_head, layers
  return nodes;
}

/**
 * An estimate of the floating-point operations one training step on this
 * document takes the fast engine: 2 per multiply-add of the forward pass's
 * matrix-vector products and attention, 3 times over (the backward pass does
 * two multiply-adds for each one of the forward pass: the weight's gradient
 * and the input's), plus 10 per parameter for Adam. Normalisations,
 * softmaxes, residuals and the embeddings are left out (a few percent at
 * n_embd 16, less at larger sizes).
 *
 * @param config The model's shape.
 * @param tokens The document's tokens, `[bos, ...ids, bos]`.
 * @returns The estimated number of FLOPs.
 */
export function fastFlops(config: GPTConfig, tokens: readonly number[]): number {
  const { vocabSize: V, nLayer: L, nEmbd: E, blockSize } = config;
  const n = Math.min(blockSize, tokens.length - 1);
  let multiplyAdds = 0;
  for (let p = 0; p < n; p++) {
    // q, k, v, o: 4 E^2; fc1, fc2: 8 E^2; scores and weighted sums over p + 1 keys; lm_head
    multiplyAdds += L * (12 * E * E + 2 * E * (p + 1)) + V * E;
  }
  const params = (2 * V + blockSize) * E + L * 12 * E * E;
  return 3 * 2 * multiplyAdds + 10 * params;
}
