import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { kataTable, withKataTable } from "./readme.ts";
import { KATAS } from "../lib/katas.ts";

Deno.test("kataTable() has one row per kata, in order", () => {
  const rows = kataTable().split("\n").slice(2);
  assertEquals(rows.map((r) => r.split("|")[1].trim()), KATAS.map((k) => k.id));
});

Deno.test("README.md's kata table is the one drawn from lib/katas.ts (run `deno task readme`)", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  assertEquals(withKataTable(readme), readme);
  assertStringIncludes(readme, "deno task check-progress");
  assertStringIncludes(readme, "deno task test");
});

Deno.test("withKataTable() says what is missing without markers", () => {
  assertThrows(() => withKataTable("# no markers"), Error, "katas:start");
});
