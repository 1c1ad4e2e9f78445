// Tests of the committed dataset and of lib/data.ts. The readDataset tests
// write temporary files, so they need --allow-read and --allow-write.
import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertMatch,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import names from "../data/names.txt" with { type: "text" };
import { DatasetError, decodeDataset, readDataset } from "./data.ts";
import { Random } from "./random.ts";

// The figures of data/README.md (from the parity notes this course was built from), which were
// measured with sha256sum and wc -l on the file scripts/build_names.ts wrote
const NAMES_COUNT = 8403;
const NAMES_SHA256 = "1bf57faa9a8675e2b5114072fd1c9dcaf44a68e3643482055851a1abc9643150";

const encoder = new TextEncoder();

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

// Runs fn with the path of a new file holding `contents`, then removes it
async function withFile(
  contents: Uint8Array | string,
  fn: (path: string, dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "data_test_" });
  try {
    const path = `${dir}/dataset.txt`;
    await Deno.writeFile(path, typeof contents === "string" ? encoder.encode(contents) : contents);
    await fn(path, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

// Whether this process reads a file of mode 000 anyway (root does, and so
// does Windows, which ignores the mode): then the OS cannot refuse a read
// (false also without --allow-write: then every file test fails, saying why)
async function readsUnreadableFiles(): Promise<boolean> {
  let dir: string | undefined;
  try {
    dir = await Deno.makeTempDir({ prefix: "data_test_" });
    const path = `${dir}/probe.txt`;
    await Deno.writeTextFile(path, "x");
    await Deno.chmod(path, 0o000);
    await Deno.readFile(path);
    return true;
  } catch {
    return false;
  } finally {
    if (dir !== undefined) await Deno.remove(dir, { recursive: true });
  }
}
const privileged = await readsUnreadableFiles();

// The offset that a not-UTF-8 error names, or -1 if it names none
function reportedOffset(error: DatasetError): number {
  const match = error.message.match(/at offset (\d+)/);
  return match ? Number(match[1]) : -1;
}

Deno.test({
  name: "data/names.txt has the parity figures' 8,403 names and sha256",
  timeout: 10_000,
  async fn() {
    assertEquals(names.split("\n").length - 1, NAMES_COUNT);
    assertEquals(await sha256Hex(names), NAMES_SHA256);
  },
});

Deno.test({
  name: "data/names.txt holds distinct lowercase names sorted by code unit",
  timeout: 10_000,
  fn() {
    assert(names.endsWith("\n") && !names.endsWith("\n\n"), "one trailing newline");
    const lines = names.slice(0, -1).split("\n");
    let longest = 0;
    const letters = new Set<string>();
    for (let i = 0; i < lines.length; i++) {
      assertMatch(lines[i], /^[a-z]+$/, `line ${i + 1}`);
      if (i > 0) assert(lines[i - 1] < lines[i], `line ${i + 1} comes after line ${i}`);
      longest = Math.max(longest, lines[i].length);
      for (const c of lines[i]) letters.add(c);
    }
    assertEquals(longest, 13);
    assertEquals(letters.size, 26); // 27 tokens with BOS
  },
});

Deno.test({
  name: "readDataset() returns a UTF-8 file's text unchanged",
  timeout: 10_000,
  async fn() {
    const text = "zoë\r\n\n  émile \n\u00a0\tanne-marie\r李\n😀";
    await withFile(text, async (path) => {
      assertEquals(await readDataset(path), text);
    });
  },
});

Deno.test({
  name: "readDataset() drops one byte-order mark at the start, and only there",
  timeout: 10_000,
  async fn() {
    await withFile("\ufeffamy\nbob\n", async (path) => {
      assertEquals(await readDataset(path), "amy\nbob\n");
    });
    await withFile("\ufeff\ufeffamy\n", async (path) => {
      assertEquals(await readDataset(path), "\ufeffamy\n");
    });
    await withFile("amy\n\ufeffbob\n", async (path) => {
      assertEquals(await readDataset(path), "amy\n\ufeffbob\n");
    });
  },
});

Deno.test({
  name: "readDataset() says there is no file at a path that does not exist",
  timeout: 10_000,
  async fn() {
    await withFile("amy\n", async (_path, dir) => {
      const missing = `${dir}/nmaes.txt`;
      const error = await assertRejects(() => readDataset(missing), DatasetError);
      assertEquals(error.reason, "not-found");
      assertEquals(error.path, missing);
      assertStringIncludes(error.message, `"${missing}"`);
      assertStringIncludes(error.message, "there is no file at that path: check the spelling");
      assertInstanceOf(error.cause, Deno.errors.NotFound);
    });
  },
});

Deno.test({
  name: "readDataset() says there is no file where the path goes through a file",
  timeout: 10_000,
  async fn() {
    await withFile("amy\n", async (path) => {
      const error = await assertRejects(() => readDataset(`${path}/names.txt`), DatasetError);
      assertEquals(error.reason, "not-found");
    });
  },
});

Deno.test({
  name: "readDataset() says where it looked for a relative path",
  timeout: 10_000,
  async fn() {
    const error = await assertRejects(() => readDataset("no/such/names.txt"), DatasetError);
    assertStringIncludes(error.message, `"no/such/names.txt"`);
    assertStringIncludes(error.message, `(looked for from the folder ${Deno.cwd()})`);
  },
});

Deno.test({
  name: "readDataset() says a folder is not a file",
  timeout: 10_000,
  async fn() {
    await withFile("amy\n", async (_path, dir) => {
      const error = await assertRejects(() => readDataset(dir), DatasetError);
      assertEquals(error.reason, "is-directory");
      assertEquals(
        error.message,
        `Cannot read the dataset "${dir}" as it is a folder, not a file: ` +
          "pass the path of a text file with one document per line",
      );
    });
  },
});

Deno.test({
  name: "readDataset() rejects an empty file",
  timeout: 10_000,
  async fn() {
    await withFile("", async (path) => {
      const error = await assertRejects(() => readDataset(path), DatasetError);
      assertEquals(error.reason, "empty");
      assertEquals(
        error.message,
        `Cannot use the dataset "${path}" as the file is empty (0 bytes): put one document ` +
          "per line in it (such as one name per line), or pass another file",
      );
    });
  },
});

Deno.test({
  name: "readDataset() rejects a file of nothing but a byte-order mark",
  timeout: 10_000,
  async fn() {
    await withFile("\ufeff", async (path) => {
      const error = await assertRejects(() => readDataset(path), DatasetError);
      assertEquals(error.reason, "empty");
      assertStringIncludes(error.message, "the file holds nothing but a byte-order mark");
    });
  },
});

Deno.test({
  name: "readDataset() rejects a file of only spaces, tabs and line breaks",
  timeout: 10_000,
  async fn() {
    await withFile("\ufeff \n\t\r\n\v\f\n", async (path) => {
      const error = await assertRejects(() => readDataset(path), DatasetError);
      assertEquals(error.reason, "empty");
      assertStringIncludes(
        error.message,
        "as it holds only spaces and line breaks (11 bytes), so there are no documents in it",
      );
    });
  },
});

Deno.test({
  name: "readDataset() leaves other invisible characters to parseDocs",
  timeout: 10_000,
  async fn() {
    // U+00A0 and U+0085 are whitespace to Python's strip(); U+200B is not
    await withFile("\u00a0\n\u0085\n\u200b\n", async (path) => {
      assertEquals(await readDataset(path), "\u00a0\n\u0085\n\u200b\n");
    });
  },
});

Deno.test({
  name: "readDataset() names the offset and line of the first byte that is not UTF-8",
  timeout: 10_000,
  async fn() {
    // "amy\nzoë\n" saved as Latin-1: ë is the single byte 0xEB
    const latin1 = new Uint8Array([0x61, 0x6d, 0x79, 0x0a, 0x7a, 0x6f, 0xeb, 0x0a]);
    await withFile(latin1, async (path) => {
      const error = await assertRejects(() => readDataset(path), DatasetError);
      assertEquals(error.reason, "not-utf8");
      assertEquals(
        error.message,
        `Cannot read the dataset "${path}" as it is not UTF-8 text: byte 0xEB at offset 6 ` +
          "(line 2) does not start a valid UTF-8 character: save the file with the UTF-8 " +
          "encoding (most editors offer it when saving), or pass another file",
      );
    });
  },
});

Deno.test({
  name: "readDataset() finds the start of each kind of malformed UTF-8 sequence",
  timeout: 10_000,
  async fn() {
    // [bytes after "ab", what they are]; the bad sequence starts at offset 2
    const cases: [number[], string][] = [
      [[0x80], "a continuation byte with no lead byte"],
      [[0xc0, 0xaf], "an overlong 2-byte form"],
      [[0xc1, 0xbf], "an overlong 2-byte form"],
      [[0xe0, 0x80, 0x80], "an overlong 3-byte form"],
      [[0xed, 0xa0, 0x80], "a UTF-16 surrogate"],
      [[0xf0, 0x80, 0x80, 0x80], "an overlong 4-byte form"],
      [[0xf4, 0x90, 0x80, 0x80], "a code point above U+10FFFF"],
      [[0xf5, 0x80, 0x80, 0x80], "a lead byte that is never used"],
      [[0xff], "a byte that is never used"],
      [[0xe2, 0x82], "a sequence cut short by the end of the file"],
      [[0xe2, 0x82, 0x41], "a sequence cut short by an ASCII letter"],
      [[0xc3, 0xa9, 0x80], "a valid é then a stray continuation byte"],
    ];
    for (const [tail, what] of cases) {
      const bytes = new Uint8Array([0x61, 0x62, ...tail]);
      await withFile(bytes, async (path) => {
        const error = await assertRejects(() => readDataset(path), DatasetError, undefined, what);
        const expected = tail[0] === 0xc3 ? 4 : 2;
        assertEquals(reportedOffset(error), expected, what);
      });
    }
  },
});

Deno.test({
  name: "decodeDataset() agrees with TextDecoder on which bytes are UTF-8",
  timeout: 10_000,
  fn() {
    // Mostly valid UTF-8 of characters of every length, with a random byte
    // now and then; the generator makes the trial the same every run
    const rng = new Random(2024);
    const fatal = new TextDecoder("utf-8", { fatal: true });
    const lengths = [0x7f, 0x7ff, 0xffff, 0x10ffff];
    let invalid = 0;
    for (let trial = 0; trial < 2000; trial++) {
      let text = "";
      for (let k = 0; k < 6; k++) {
        const top = lengths[Number(rng.getrandbits(2))];
        const cp = Math.floor(rng.random() * top) + 1;
        text += cp >= 0xd800 && cp <= 0xdfff ? "x" : String.fromCodePoint(cp);
      }
      const bytes = Array.from(encoder.encode(text));
      if (rng.random() < 0.5) {
        bytes.splice(Math.floor(rng.random() * bytes.length), 0, Number(rng.getrandbits(8)));
      }
      const array = new Uint8Array(bytes);
      let valid = true;
      try {
        fatal.decode(array);
      } catch {
        valid = false;
      }
      if (valid) {
        if (array.length > 0) decodeDataset(array, "trial.txt");
        continue;
      }
      invalid++;
      const error = assertThrows(() => decodeDataset(array, "trial.txt"), DatasetError);
      const at = reportedOffset(error);
      // Everything before the offset is UTF-8; from it on, the decoder fails
      fatal.decode(array.subarray(0, at));
      assertThrows(() => fatal.decode(array.subarray(at, at + 4)), TypeError);
    }
    assert(invalid > 200, `only ${invalid} invalid trials`);
  },
});

Deno.test({
  name: "readDataset() says when the OS does not let us read the file" +
    (privileged ? " (skipped: root and Windows read a file of mode 000 anyway)" : ""),
  timeout: 10_000,
  ignore: privileged, // root (or Windows) reads a file of mode 000 anyway
  async fn() {
    await withFile("amy\n", async (path) => {
      await Deno.chmod(path, 0o000);
      const error = await assertRejects(() => readDataset(path), DatasetError);
      assertEquals(error.reason, "permission-denied");
      assertEquals(
        error.message,
        `Cannot read the dataset "${path}" as you do not have permission to read it: ` +
          "make it readable (such as with chmod u+r), or copy it to a file you own",
      );
      await Deno.chmod(path, 0o600);
    });
  },
});
