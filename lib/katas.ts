/**
 * The list of katas: the one place that says what each kata is, which files
 * the learner edits, what it builds on and its hints. Every script reads it:
 * the progress checker, the maintainers' verifier, the hint command and the
 * README table.
 *
 * @module
 */

/** A kata's number, as its folder is named: `katas/03`. */
export type KataId =
  | "01"
  | "02"
  | "03"
  | "04"
  | "05"
  | "06"
  | "07"
  | "08"
  | "09"
  | "10"
  | "11"
  | "12";

/** One kata of the course. */
export interface Kata {
  /** The folder name under `katas/` and `solutions/`. */
  readonly id: KataId;
  /** A short title for tables. */
  readonly title: string;
  /** What the learner writes, in one line. */
  readonly builds: string;
  /** The files the learner edits, relative to the kata folder. */
  readonly files: readonly string[];
  /** The test files, relative to the kata folder (never edited). */
  readonly tests: readonly string[];
  /** The katas whose files this kata's files import directly. */
  readonly buildsOn: readonly KataId[];
  /** The lines of microgpt.py it ports, e.g. `"30-57"`, or `"-"`. */
  readonly ports: string;
  /** Hints, from a nudge to nearly the answer; shown one at a time. */
  readonly hints: readonly string[];
  /** A bonus kata: not counted in "N of 11". */
  readonly bonus: boolean;
}

/** Every kata, in order. */
export const KATAS: readonly Kata[] = [
  {
    id: "01",
    title: "Value: a number that remembers",
    builds: "`Value` with `data`, `grad`, `children`, `localGrads`, `op` and every operation",
    files: ["value.ts"],
    tests: ["value_test.ts"],
    buildsOn: [],
    ports: "30-57",
    bonus: false,
    hints: [
      "Each operation returns a new Value: its data is the result, its children are the operands, and its localGrads are the derivatives of the result with respect to each operand.",
      "A number operand becomes a leaf first: `const o = other instanceof Value ? other : new Value(other)`.",
      "For `a * b` the local grads are `[b.data, a.data]`; for `a ** n` it is `[n * a.data ** (n - 1)]`; for `log` it is `[1 / a.data]`.",
      "`neg()` is `this.mul(-1)`; `sub(x)` adds the negation (`this.add(x.neg())`, or `this.add(-x)` for a number); `div(x)` multiplies by `x ** -1` (`this.mul(x.pow(-1))`, or `this.mul(x ** -1)` for a number).",
    ],
  },
  {
    id: "02",
    title: "Topological order",
    builds: "`topologicalOrder(root)`: children before parents, without recursion",
    files: ["topological_order.ts"],
    tests: ["topological_order_test.ts"],
    buildsOn: ["01"],
    ports: "59-68",
    bonus: false,
    hints: [
      "Write the recursive version first on paper: visit a node once, visit its children in order, then append the node. That is the order the tests expect.",
      "Replace the call stack with your own: an array of nodes, and for each one the index of the next child to visit.",
      "Mark a node as visited when it is first pushed, not when it is appended; give each pass its own fresh mark (e.g. `const mark = {}`) and store it in `node.mark`, so no Set is needed.",
      "Loop while the stack is not empty: look at the top node; if it has a child left, advance its index and push that child if it is not marked; otherwise pop the node and append it to the order.",
    ],
  },
  {
    id: "03",
    title: "Backward: the chain rule",
    builds: "`backward(root)`: every gradient, by the chain rule in reverse order",
    files: ["backward.ts"],
    tests: ["backward_test.ts"],
    buildsOn: ["01", "02"],
    ports: "69-72",
    bonus: false,
    hints: [
      "The root's gradient with respect to itself is 1.",
      "Walk `topologicalOrder(root)` from the end to the start, so every node is finished before its children are visited.",
      "For each node and each child `i`: `child.grad += node.localGrads[i] * node.grad`. Use `+=`: a node used twice receives two contributions.",
    ],
  },
  {
    id: "04",
    title: "Neural layers",
    builds: "`sum`, `linear`, `softmax`, `rmsnorm` and `matrix`",
    files: ["layers.ts"],
    tests: ["layers_test.ts"],
    buildsOn: ["01"],
    ports: "80, 94-106",
    bonus: false,
    hints: [
      "Python's `sum(xs)` starts from the number 0: the first step is `xs[0].add(0)`, then add the others left to right.",
      "`linear(x, w)` is one `sum` per row of `w`: `sum(row[i] * x[i] for each i)`, the weight first.",
      "`softmax`: take the max of the `.data` values (a plain number), then `exp(x - max)` for each, their `sum`, and divide each by it.",
      "`rmsnorm`: `ms = sum(x_i * x_i) / n`, `scale = (ms + 1e-5) ** -0.5`, then `x_i * scale`. `matrix` draws `rng.gauss(0, std)` row by row.",
    ],
  },
  {
    id: "05",
    title: "Documents and tokenizer",
    builds: "`parseDocs(text)` and `Tokenizer`: characters to ids and back",
    files: ["tokenizer.ts"],
    tests: ["tokenizer_test.ts"],
    buildsOn: [],
    ports: "19, 24-26, 157",
    bonus: false,
    hints: [
      "Normalise the newlines first (`\\r\\n` and a lone `\\r` both become `\\n`), then split on `\\n`.",
      "The stub gives Python's whitespace set, `PYTHON_WHITESPACE`: write a small strip that drops those characters from both ends of a string (JavaScript's `trim()` uses a different set: it keeps U+001C-U+001F and U+0085 and removes U+FEFF).",
      "The vocabulary is the sorted set of code points: iterate strings with `for (const ch of doc)` and sort with a comparison on `codePointAt(0)`, not the default sort.",
      "`bos` is the number of characters, `vocabSize` is one more; `encode(doc)` is `[bos, ...ids, bos]`, with a clear error for a character that is not in the vocabulary.",
    ],
  },
  {
    id: "06",
    title: "Attention",
    builds: "`attentionHead` over a KV cache and `multiHeadAttention`",
    files: ["attention.ts"],
    tests: ["attention_test.ts"],
    buildsOn: ["01", "04"],
    ports: "123-132",
    bonus: false,
    hints: [
      "One head: for each cached key `k_t`, the score is `sum(q[j] * k_t[j]) / headDim ** 0.5`.",
      "The weights are the `softmax` of the scores; output `j` is `sum(weight_t * v_t[j] for each t)`.",
      "Multi-head: head `h` uses the slice `h * headDim .. h * headDim + headDim` of `q` and of every cached key and value; concatenate the heads' outputs.",
    ],
  },
  {
    id: "07",
    title: "The GPT forward pass",
    builds: "`initStateDict`, `parameters` and `gpt(model, tokenId, posId, keys, values)`",
    files: ["gpt.ts"],
    tests: ["gpt_test.ts"],
    buildsOn: ["01", "04", "06"],
    ports: "74-79, 81-89, 108-122, 133-144",
    bonus: false,
    hints: [
      "Call `checkConfig(config)` first. Then the state dict's order is the order the random numbers are drawn: `wte`, `wpe`, `lm_head`, then per layer `attn_wq`, `attn_wk`, `attn_wv`, `attn_wo`, `mlp_fc1`, `mlp_fc2`.",
      "`parameters` flattens matrix by matrix, row by row, in the state dict's order.",
      "`gpt` starts with `x = wte[tokenId][j] + wpe[posId][j]`, then `rmsnorm`; each layer keeps a residual, normalises, attends (appending `k` and `v` to the layer's cache), projects with `attn_wo` and adds the residual back.",
      "The MLP block: residual, `rmsnorm`, `linear(fc1)`, `relu` each, `linear(fc2)`, add the residual (`x` first). The logits are `linear(x, lm_head)`.",
    ],
  },
  {
    id: "08",
    title: "Loss",
    builds: "`crossEntropy(logits, target)` and `documentLoss(model, tokens)`",
    files: ["loss.ts"],
    tests: ["loss_test.ts"],
    buildsOn: ["01", "03", "04", "07"],
    ports: "158-169",
    bonus: false,
    hints: [
      "Cross-entropy is `-log(softmax(logits)[target])`: `probs[target].log().neg()`.",
      "`documentLoss`: `n = min(blockSize, tokens.length - 1)`, one fresh KV cache (an empty list per layer), and predict `tokens[pos + 1]` from `tokens[pos]` at position `pos`.",
      "The mean is `sum(losses) * (1 / n)`: compute the number `1 / n` first, as microgpt.py does.",
    ],
  },
  {
    id: "09",
    title: "Adam",
    builds: "`Adam`: moment buffers, bias correction, learning-rate decay",
    files: ["adam.ts"],
    tests: ["adam_test.ts"],
    buildsOn: ["01"],
    ports: "146-149, 174-182",
    bonus: false,
    hints: [
      "Keep two `Float64Array` buffers of zeros, `m` and `v`, one slot per parameter.",
      "The learning rate decays linearly: `lr * (1 - stepIndex / numSteps)`.",
      "Per parameter: `m = b1*m + (1-b1)*g`, `v = b2*v + (1-b2)*g**2`, `mHat = m / (1 - b1 ** (stepIndex+1))`, `vHat` likewise, `p.data -= lr_t * mHat / (vHat ** 0.5 + eps)`, then `p.grad = 0`.",
    ],
  },
  {
    id: "10",
    title: "The training loop",
    builds: "`train(model, docs, tokenizer, { numSteps, stopAfter, onStep })`",
    files: ["train.ts"],
    tests: ["train_test.ts"],
    buildsOn: ["03", "05", "07", "08", "09"],
    ports: "151-156, 170-172",
    bonus: false,
    hints: [
      "Create one `Adam` over `model.params` before the loop.",
      "Step `s` trains on `docs[s % docs.length]`, encoded with the tokenizer; its loss is `documentLoss`.",
      "Then `backward(loss)`, `adam.step(s, numSteps)`, and `onStep?.(s, loss.data)`; stop after `stopAfter` steps if it is given.",
    ],
  },
  {
    id: "11",
    title: "Sampling names",
    builds: "`sampleName(model, tokenizer, rng, temperature)`",
    files: ["sample.ts"],
    tests: ["sample_test.ts"],
    buildsOn: ["01", "04", "05", "07", "10"],
    ports: "190-199",
    bonus: false,
    hints: [
      "Start with a fresh KV cache and the BOS token at position 0.",
      "Divide each logit by the temperature before `softmax`; draw the next token with one `rng.choices(ids, weights)`, the weights being the probabilities' `.data`.",
      "Stop when the drawn token is BOS or after `blockSize` positions; every other token adds its character to the name.",
    ],
  },
  {
    id: "12",
    title: "Everything else is just efficiency (bonus)",
    builds:
      "`toFast`, `fastLogits`, `fastLossAndGrad`, `fastTrain`, `fastSampleName`: the same GPT on flat buffers, backward by hand",
    files: ["fast.ts"],
    tests: ["fast_test.ts"],
    buildsOn: ["03", "05", "07", "08", "10", "11"],
    ports: "-",
    bonus: true,
    hints: [
      "Store every matrix as one `Float64Array` (row-major) with a gradient buffer of the same size beside it.",
      "Write each layer's forward as loops over the buffers and keep what the backward pass needs (inputs, normalisation scales, attention weights) for each position.",
      "Walk the positions backward and write each layer's gradient by hand: for `y = W x`, `dW[o][i] += dy[o] * x[i]` and `dx[i] += W[o][i] * dy[o]`.",
      "Walk the positions from the last to the first: the key and value of position t receive gradient from every later position, so keep `dk` and `dv` buffers (zeroed per document) and pass them down through `attn_wk` and `attn_wv` when you reach t.",
      "For bit-equal numbers, do the scalar engine's arithmetic in its order: `acc = 0; acc += w * x` left to right, multiply by `total ** -1`, `(ms + 1e-5) ** -0.5`, scores times `(headDim ** 0.5) ** -1`.",
    ],
  },
];

/** The kata with this id, or `undefined`. */
export function findKata(id: string): Kata | undefined {
  return KATAS.find((kata) => kata.id === id);
}

/**
 * Every kata that `kata` builds on, directly or through others, in order.
 *
 * @param kata The kata to look up.
 * @returns The ids of its dependencies, oldest first.
 */
export function dependenciesOf(kata: Kata): KataId[] {
  const seen = new Set<KataId>();
  const visit = (ids: readonly KataId[]) => {
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      visit(findKata(id)?.buildsOn ?? []);
    }
  };
  visit(kata.buildsOn);
  return KATAS.map((k) => k.id).filter((id) => seen.has(id));
}
