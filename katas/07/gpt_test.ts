// Tests for kata 07: initStateDict, parameters and the forward pass gpt. Do not change them.
//
// The default model's figures are parity/microgpt_default_init_figures.json,
// measured on the original microgpt.py (seed 42, data/names.txt, shuffled,
// then initialised). The other figures were measured with CPython 3.11
// running a copy of microgpt.py's model code (its Value class, `matrix`,
// state dict, `linear`, `softmax`, `rmsnorm`, `gpt`), which reproduces the
// parity file's 27 logits bit for bit; they print repr() of each `.data`.

import {
  assertEquals,
  assertNotEquals,
  assertStrictEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import names from "../../data/names.txt" with { type: "text" };
import { Value } from "../01/value.ts";
import { backward } from "../03/backward.ts";
import { assertAllClose, assertClose } from "../../lib/check.ts";
import { Random } from "../../lib/random.ts";
import { type GPT, gpt, type GPTConfig, initStateDict, type KVCache, parameters } from "./gpt.ts";

/** microgpt.py's hyperparameters, with the 27 tokens of data/names.txt. */
const DEFAULT: GPTConfig = { vocabSize: 27, nLayer: 1, nEmbd: 16, nHead: 4, blockSize: 16 };
/** The BOS token of data/names.txt: 26 letters, then BOS. */
const BOS = 26;

/** The default model, as microgpt.py makes it: seed 42, shuffle the names, initialise. */
function defaultModel(): GPT {
  const rng = new Random(42);
  // data/names.txt is one clean name per line, so splitting is all microgpt.py's reading does here
  const docs = names.trim().split("\n");
  rng.shuffle(docs);
  const stateDict = initStateDict(DEFAULT, rng);
  return { config: DEFAULT, stateDict, params: parameters(stateDict) };
}

/** A small two-layer model, seed 7, no shuffle. */
const SMALL: GPTConfig = { vocabSize: 5, nLayer: 2, nEmbd: 8, nHead: 2, blockSize: 4 };
function smallModel(): GPT {
  const stateDict = initStateDict(SMALL, new Random(7));
  return { config: SMALL, stateDict, params: parameters(stateDict) };
}

/** A fresh KV cache: one empty list per layer. */
function emptyCache(nLayer: number): KVCache {
  return Array.from({ length: nLayer }, () => []);
}

/** The `.data` of each value. */
function data(vs: readonly Value[]): number[] {
  return vs.map((v) => v.data);
}

Deno.test({
  name: "initStateDict() names the matrices in microgpt.py's order",
  timeout: 10_000,
  fn() {
    assertEquals(Object.keys(defaultModel().stateDict), [
      "wte",
      "wpe",
      "lm_head",
      "layer0.attn_wq",
      "layer0.attn_wk",
      "layer0.attn_wv",
      "layer0.attn_wo",
      "layer0.mlp_fc1",
      "layer0.mlp_fc2",
    ]);
  },
});

Deno.test({
  name: "initStateDict() gives each matrix microgpt.py's shape",
  timeout: 10_000,
  fn() {
    const sd = smallModel().stateDict;
    const shapes = Object.entries(sd).map(([name, m]) => [name, m.length, m[0].length]);
    // vocabSize 5, nEmbd 8, blockSize 4, two layers
    assertEquals(shapes, [
      ["wte", 5, 8],
      ["wpe", 4, 8],
      ["lm_head", 5, 8],
      ["layer0.attn_wq", 8, 8],
      ["layer0.attn_wk", 8, 8],
      ["layer0.attn_wv", 8, 8],
      ["layer0.attn_wo", 8, 8],
      ["layer0.mlp_fc1", 32, 8],
      ["layer0.mlp_fc2", 8, 32],
      ["layer1.attn_wq", 8, 8],
      ["layer1.attn_wk", 8, 8],
      ["layer1.attn_wv", 8, 8],
      ["layer1.attn_wo", 8, 8],
      ["layer1.mlp_fc1", 32, 8],
      ["layer1.mlp_fc2", 8, 32],
    ]);
  },
});

Deno.test({
  name: "initStateDict() draws microgpt.py's numbers, matrix by matrix",
  timeout: 10_000,
  fn() {
    const sd = defaultModel().stateDict;
    // parity: wte_row0_first4, lm_head_row0_first2
    assertAllClose(
      data(sd.wte[0].slice(0, 4)),
      [-0.07850374585012417, -0.1167104938304942, -0.11800469596040226, 0.010296220677846893],
      1e-16,
      "wte[0]",
    );
    assertAllClose(
      data(sd.lm_head[0].slice(0, 2)),
      [0.00509673077895732, -0.018647295111885506],
      1e-16,
      "lm_head[0]",
    );
    // parity: last_param_mlp_fc2
    const fc2 = sd["layer0.mlp_fc2"];
    assertClose(fc2[15][63].data, 0.023009808604159257, 1e-16, "layer0.mlp_fc2[15][63]");
  },
});

Deno.test({
  name: "parameters() has microgpt.py's 4192 parameters for the default model",
  timeout: 10_000,
  fn() {
    assertEquals(parameters(defaultModel().stateDict).length, 4192);
    // two layers: 40 + 32 + 40 + 2 * (4 * 64 + 256 + 256)
    assertEquals(parameters(smallModel().stateDict).length, 1648);
  },
});

Deno.test({
  name: "parameters() flattens matrix by matrix, row by row",
  timeout: 10_000,
  fn() {
    const sd = defaultModel().stateDict;
    const params = parameters(sd);
    assertStrictEquals(params[0], sd.wte[0][0]);
    assertStrictEquals(params[1], sd.wte[0][1]);
    assertStrictEquals(params[16], sd.wte[1][0]);
    assertStrictEquals(params[27 * 16], sd.wpe[0][0]);
    assertStrictEquals(params[27 * 16 + 16 * 16], sd.lm_head[0][0]);
    assertStrictEquals(params[params.length - 1], sd["layer0.mlp_fc2"][15][63]);
    // parity: last_param_mlp_fc2
    assertClose(params[params.length - 1].data, 0.023009808604159257, 1e-16, "the last parameter");
  },
});

Deno.test({
  name: "gpt() gives microgpt.py's 27 logits for BOS at position 0",
  timeout: 10_000,
  fn() {
    const logits = gpt(defaultModel(), BOS, 0, emptyCache(1), emptyCache(1));
    // parity: logits_doc0_pos0
    assertAllClose(
      data(logits),
      [
        0.22525644110146664,
        -0.08420519486737724,
        -0.07586054191576244,
        -0.4011357228445787,
        0.1352714641551062,
        -0.14566250263949013,
        -0.33259937846171916,
        -0.33569660255524675,
        -0.03367199496873849,
        -0.11709587435580107,
        0.2863104101392686,
        -0.5064001625162513,
        0.6295389309424452,
        0.023438359097708056,
        0.5977725725920324,
        0.24316161051292737,
        -0.23236984888789888,
        -0.1140088049882726,
        -0.06156824211639121,
        -0.1892529543500272,
        0.028506790815904598,
        -0.17144833342944713,
        -0.2112264760551229,
        -0.02492713284823194,
        -0.6535056850040527,
        -0.8434824161146355,
        -0.2570825000375753,
      ],
      1e-12,
      "logits",
    );
  },
});

Deno.test({
  name: "gpt() at position 1 attends to position 0 through the cache",
  timeout: 10_000,
  fn() {
    const model = defaultModel();
    const keys = emptyCache(1);
    const values = emptyCache(1);
    gpt(model, BOS, 0, keys, values);
    // the first document is "hugibert": its first letter "h" is token 7
    const logits = gpt(model, 7, 1, keys, values);
    // CPython (microgpt.py's model code): the 27 logits of the second call
    assertAllClose(
      data(logits),
      [
        -0.016825261913902267,
        0.5094459232374227,
        0.20706570646998643,
        -0.5092981523208638,
        0.2626394371092796,
        0.058687669180321804,
        -0.4379519569688619,
        -0.6446430445284118,
        0.3301257594461893,
        0.3984696576608773,
        0.7653436812671397,
        0.062285040277997916,
        -0.2681615004483262,
        -0.2863047381626928,
        0.657352121273545,
        0.2816777051641662,
        -0.17882838947621996,
        -0.5234495970303301,
        -0.2366855604911526,
        0.25960860773591404,
        -0.8144866268859681,
        0.1054023971949487,
        0.1896012680902398,
        0.3158929900221119,
        0.5228215317572221,
        -0.5619314032332204,
        0.42460364190439553,
      ],
      1e-12,
      "logits",
    );
    // with an empty cache the same call sees no earlier position, and differs
    // (CPython: the first logit would be -0.03967083782955879)
    const alone = gpt(model, 7, 1, emptyCache(1), emptyCache(1));
    assertClose(alone[0].data, -0.03967083782955879, 1e-12, "logit 0 without the cache");
  },
});

Deno.test({
  name: "gpt() appends one key and one value per call to every layer's cache",
  timeout: 10_000,
  fn() {
    const model = smallModel();
    const keys = emptyCache(2);
    const values = emptyCache(2);
    for (let pos = 0; pos < 3; pos++) {
      const logits = gpt(model, pos, pos, keys, values);
      assertEquals(logits.length, 5, "one logit per token");
      for (const cache of [keys, values]) {
        assertEquals(cache.map((layer) => layer.length), [pos + 1, pos + 1]);
        for (const layer of cache) assertEquals(layer[pos].length, 8, "vectors of nEmbd values");
      }
    }
    assertNotEquals(data(keys[0][0]), data(keys[1][0]), "each layer caches its own keys");
  },
});

Deno.test({
  name: "gpt() with two layers gives microgpt.py's logits",
  timeout: 10_000,
  fn() {
    const model = smallModel();
    const keys = emptyCache(2);
    const values = emptyCache(2);
    // CPython: n_layer 2, n_embd 8, n_head 2, block_size 4, vocab_size 5, seed 7;
    // gpt(3, 0, ...) then gpt(1, 1, ...)
    assertAllClose(
      data(gpt(model, 3, 0, keys, values)),
      [
        -0.17048102495356168,
        0.21105280262908016,
        -0.21680888512708885,
        0.07242461762598935,
        -0.10184884810838626,
      ],
      1e-12,
      "logits at position 0",
    );
    assertAllClose(
      data(gpt(model, 1, 1, keys, values)),
      [
        0.35153945336772907,
        0.008220494728028327,
        -0.2919290374630129,
        0.013205560089841334,
        0.3389589550464421,
      ],
      1e-12,
      "logits at position 1",
    );
  },
});

Deno.test({
  name: "gpt() gradients reach the parameters and match finite differences",
  timeout: 10_000,
  fn() {
    const model = smallModel();
    const sd = model.stateDict;
    // A number built from two positions, so the attention weights matter too.
    const f = () => {
      const keys = emptyCache(2);
      const values = emptyCache(2);
      gpt(model, 3, 0, keys, values);
      const logits = gpt(model, 1, 1, keys, values);
      return logits[0].mul(1.5).add(logits[2].mul(-2)).add(logits[4]);
    };
    backward(f());
    const probes: [string, Value][] = [
      ["wte[1][0]", sd.wte[1][0]],
      ["wte[3][5]", sd.wte[3][5]],
      ["wpe[1][2]", sd.wpe[1][2]],
      ["layer0.attn_wq[2][3]", sd["layer0.attn_wq"][2][3]],
      ["layer0.attn_wk[0][1]", sd["layer0.attn_wk"][0][1]],
      ["layer1.attn_wv[5][6]", sd["layer1.attn_wv"][5][6]],
      ["layer1.mlp_fc1[7][0]", sd["layer1.mlp_fc1"][7][0]],
      ["layer1.mlp_fc2[4][20]", sd["layer1.mlp_fc2"][4][20]],
      ["lm_head[2][7]", sd.lm_head[2][7]],
    ];
    const h = 1e-6;
    for (const [name, p] of probes) {
      const x = p.data;
      p.data = x + h;
      const up = f().data;
      p.data = x - h;
      const down = f().data;
      p.data = x;
      assertClose(p.grad, (up - down) / (2 * h), 1e-6, `d/d ${name}`);
    }
    // a token that was never read gets no gradient in its embedding
    assertEquals(sd.wte[0][0].grad, 0);
  },
});

Deno.test({
  name: "initStateDict() rejects an nEmbd that nHead does not divide, before drawing",
  timeout: 10_000,
  fn() {
    const rng = new Random(42);
    const before = rng.getState();
    const error = assertThrows(
      () => initStateDict({ ...DEFAULT, nEmbd: 18, nHead: 4 }, rng),
      RangeError,
    );
    assertStringIncludes(error.message, "18");
    assertStringIncludes(error.message, "4");
    assertEquals(rng.getState(), before, "no random number was drawn");
  },
});

Deno.test({
  name: "initStateDict() rejects a size that is not a positive integer",
  timeout: 10_000,
  fn() {
    for (const bad of [{ nLayer: 0 }, { blockSize: 1.5 }, { vocabSize: -3 }]) {
      const [[key, value]] = Object.entries(bad);
      const error = assertThrows(
        () => initStateDict({ ...DEFAULT, ...bad }, new Random(1)),
        RangeError,
      );
      assertStringIncludes(error.message, key);
      assertStringIncludes(error.message, String(value));
    }
  },
});

Deno.test({
  name: "gpt() rejects a position at or past blockSize, naming it",
  timeout: 10_000,
  fn() {
    const model = smallModel();
    for (const posId of [4, 17, -1]) {
      const error = assertThrows(
        () => gpt(model, 0, posId, emptyCache(2), emptyCache(2)),
        RangeError,
      );
      assertStringIncludes(error.message, `${posId}`);
      assertStringIncludes(error.message, "posId");
    }
  },
});

Deno.test({
  name: "gpt() rejects a token id outside the vocabulary, naming it",
  timeout: 10_000,
  fn() {
    const model = smallModel();
    for (const tokenId of [5, -1, 2.5, NaN]) {
      const error = assertThrows(
        () => gpt(model, tokenId, 0, emptyCache(2), emptyCache(2)),
        RangeError,
      );
      assertStringIncludes(error.message, `${tokenId}`);
      assertStringIncludes(error.message, "tokenId");
    }
  },
});

Deno.test({
  name: "gpt() rejects a KV cache without one list per layer",
  timeout: 10_000,
  fn() {
    const model = smallModel();
    assertThrows(
      () => gpt(model, 0, 0, emptyCache(1), emptyCache(2)),
      TypeError,
      "one list per layer",
    );
    assertThrows(() => gpt(model, 0, 0, [], []), TypeError, "one list per layer");
  },
});
