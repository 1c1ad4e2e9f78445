// Tests for kata 05: parseDocs and the Tokenizer. Do not change them.
//
// The expected documents were measured with CPython 3.11: each text was
// written to a file as UTF-8 and read with microgpt.py's own line,
//   [l.strip() for l in open(f).read().strip().split('\n') if l.strip()]
// and the vocabularies with `sorted(set(''.join(docs)))`. The figures of the
// names data are parity/microgpt_default_init_figures.json, measured on the
// original microgpt.py.

import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import names from "../../data/names.txt" with { type: "text" };
import { Random } from "../../lib/random.ts";
import { parseDocs, Tokenizer } from "./tokenizer.ts";

Deno.test({
  name: "parseDocs() splits on \\n, \\r\\n and a lone \\r",
  timeout: 10_000,
  fn() {
    assertEquals(parseDocs("anna\r\nbob\rcarl\ndave"), ["anna", "bob", "carl", "dave"]);
  },
});

Deno.test({
  name: "parseDocs() drops empty lines and lines of only whitespace",
  timeout: 10_000,
  fn() {
    assertEquals(parseDocs("\n\nanna\n\n   \n\t \nbob\n\n"), ["anna", "bob"]);
  },
});

Deno.test({
  name: "parseDocs() strips each line but keeps the spaces inside it",
  timeout: 10_000,
  fn() {
    assertEquals(parseDocs("  anna  \n\tmary ann\t\n bob\n"), ["anna", "mary ann", "bob"]);
  },
});

Deno.test({
  name: "parseDocs() strips Python's whitespace that trim() keeps: U+001C-U+001F and U+0085",
  timeout: 10_000,
  fn() {
    assertEquals(
      parseDocs("\x1canna\x1f\n\x85bob\x1d\x1e\n\x1c\x1d\x1e\x1f\x85"),
      ["anna", "bob"],
    );
  },
});

Deno.test({
  name: "parseDocs() keeps U+FEFF, which Python's strip() does not remove",
  timeout: 10_000,
  fn() {
    // A byte-order mark at the start of a file is dropped by lib/data.ts, not here.
    assertEquals(
      parseDocs("\ufeffanna\nbob\ufeff\n \ufeff \n"),
      ["\ufeffanna", "bob\ufeff", "\ufeff"],
    );
  },
});

Deno.test({
  name: "parseDocs() strips other Unicode spaces (U+00A0, U+3000, U+2028, U+2029)",
  timeout: 10_000,
  fn() {
    assertEquals(parseDocs("\xa0anna\u3000\n\u2028bob\u2029\n"), ["anna", "bob"]);
  },
});

Deno.test({
  name: "parseDocs() splits only on newlines, not on other separators inside a line",
  timeout: 10_000,
  fn() {
    assertEquals(parseDocs("ann\u2028bob\x1cx\x85y\n"), ["ann\u2028bob\x1cx\x85y"]);
  },
});

Deno.test({
  name: "parseDocs() of an empty or blank text is no documents",
  timeout: 10_000,
  fn() {
    assertEquals(parseDocs(""), []);
    assertEquals(parseDocs(" \r\n\t\n\x1c\u3000\n"), []);
  },
});

Deno.test({
  name: "parseDocs() reads data/names.txt into microgpt.py's documents",
  timeout: 10_000,
  fn() {
    const docs = parseDocs(names);
    assertEquals(docs.length, 8403);
    new Random(42).shuffle(docs);
    assertEquals(docs[0], "hugibert");
    assertEquals(docs.slice(1, 5), ["isidora", "courtenay", "madelon", "aldric"]);
    assertEquals(docs[docs.length - 1], "coriss");
  },
});

Deno.test({
  name: "Tokenizer() sorts the characters by code point",
  timeout: 10_000,
  fn() {
    // "𝒜" is U+1D49C, after "ｚ" U+FF5A, although its first UTF-16 unit (0xD835) is smaller.
    // CPython: sorted(set("ｚ𝒜" + "ba" + "é")) -> ['a', 'b', 'é', 'ｚ', '𝒜']
    const tokenizer = new Tokenizer(["ｚ𝒜", "ba", "é"]);
    assertEquals(tokenizer.chars, ["a", "b", "é", "ｚ", "𝒜"]);
  },
});

Deno.test({
  name: "Tokenizer() counts each character once; bos is their number, vocabSize one more",
  timeout: 10_000,
  fn() {
    const tokenizer = new Tokenizer(["abba", "ab", "cab"]);
    assertEquals(tokenizer.chars, ["a", "b", "c"]);
    assertEquals(tokenizer.bos, 3);
    assertEquals(tokenizer.vocabSize, 4);
  },
});

Deno.test({
  name: "Tokenizer() of data/names.txt has microgpt.py's 27 tokens",
  timeout: 10_000,
  fn() {
    const tokenizer = new Tokenizer(parseDocs(names));
    assertEquals(tokenizer.chars.join(""), "abcdefghijklmnopqrstuvwxyz");
    assertEquals(tokenizer.bos, 26);
    assertEquals(tokenizer.vocabSize, 27);
  },
});

Deno.test({
  name: "Tokenizer.encode() puts the ids between two BOS tokens, one id per code point",
  timeout: 10_000,
  fn() {
    const tokenizer = new Tokenizer(["ｚ𝒜", "ba", "é"]);
    // CPython: [BOS] + [uchars.index(ch) for ch in "a𝒜"] + [BOS] -> [5, 0, 4, 5]
    assertEquals(tokenizer.encode("a𝒜"), [5, 0, 4, 5]);
    assertEquals(tokenizer.encode("bé"), [5, 1, 2, 5]);
    assertEquals(tokenizer.encode(""), [5, 5]);
  },
});

Deno.test({
  name: "Tokenizer.decode() turns ids back into text, leaving BOS out",
  timeout: 10_000,
  fn() {
    const tokenizer = new Tokenizer(["ｚ𝒜", "ba", "é"]);
    assertEquals(tokenizer.decode([5, 0, 4, 5]), "a𝒜");
    assertEquals(tokenizer.decode([3, 2, 1]), "ｚéb");
    assertEquals(tokenizer.decode([]), "");
  },
});

Deno.test({
  name: "Tokenizer.decode() inverts encode() for every name of data/names.txt",
  timeout: 10_000,
  fn() {
    const docs = parseDocs(names);
    const tokenizer = new Tokenizer(docs);
    for (const doc of docs) assertEquals(tokenizer.decode(tokenizer.encode(doc)), doc);
  },
});

Deno.test({
  name: "Tokenizer.encode() rejects an unknown character, naming it and the vocabulary",
  timeout: 10_000,
  fn() {
    const tokenizer = new Tokenizer(["abc"]);
    const error = assertThrows(() => tokenizer.encode("cabé"), RangeError);
    assertStringIncludes(error.message, "é");
    assertStringIncludes(error.message, "abc");
  },
});

Deno.test({
  name: "Tokenizer.decode() rejects an id that is not a token",
  timeout: 10_000,
  fn() {
    const tokenizer = new Tokenizer(["abc"]);
    for (const id of [4, -1, 1.5, NaN]) {
      const error = assertThrows(() => tokenizer.decode([0, id]), RangeError);
      assertStringIncludes(error.message, String(id));
    }
  },
});
