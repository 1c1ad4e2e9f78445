// Tests of the dataset recipe in scripts/build_names.ts (no download: the
// npm packages are only fetched when the script runs as a program)
import { assertEquals } from "@std/assert";
import { buildNames, EXPECTED_COUNT, EXPECTED_SHA256, sha256Hex } from "./build_names.ts";
import names from "../data/names.txt" with { type: "text" };

Deno.test({
  name: "buildNames() lowercases and keeps only names of the letters a-z",
  timeout: 10_000,
  fn() {
    const text = "Aaron\nAnn-Marie\nO'Neil\nZoë\nJo Ann\n\nBOB\nx2\n";
    assertEquals(buildNames([text]), "aaron\nbob\n");
  },
});

Deno.test({
  name: "buildNames() removes duplicates across and within the lists",
  timeout: 10_000,
  fn() {
    assertEquals(buildNames(["Jean\nAmy\njean\n", "Jean\nAlan\n"]), "alan\namy\njean\n");
  },
});

Deno.test({
  name: "buildNames() sorts by code unit, a prefix first",
  timeout: 10_000,
  fn() {
    assertEquals(buildNames(["ann\nanna\nab\nb\nan\n"]), "ab\nan\nann\nanna\nb\n");
  },
});

Deno.test({
  name: "buildNames() reads lines ending in CRLF or in nothing",
  timeout: 10_000,
  fn() {
    assertEquals(buildNames(["Amy\r\nBob", "Cy"]), "amy\nbob\ncy\n");
  },
});

Deno.test({
  name: "sha256Hex() gives the standard digest of the UTF-8 bytes",
  timeout: 10_000,
  async fn() {
    // FIPS 180-2's example, and sha256sum's output for printf abc
    assertEquals(
      await sha256Hex("abc"),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  },
});

Deno.test({
  name: "buildNames() leaves the committed data/names.txt as it is",
  timeout: 10_000,
  async fn() {
    // The committed file is the recipe's output, so the recipe is idempotent on it
    const rebuilt = buildNames([names]);
    assertEquals(rebuilt, names);
    assertEquals(rebuilt.split("\n").length - 1, EXPECTED_COUNT);
    assertEquals(await sha256Hex(rebuilt), EXPECTED_SHA256);
  },
});
