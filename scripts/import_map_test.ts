import { assertEquals } from "@std/assert";
import { allBut, allKatas, referenceMap } from "./import_map.ts";
import { KATAS } from "../lib/katas.ts";
import { join, normalize, relative } from "./_path.ts";

const STD = { "@std/assert": "./lib/std/assert/mod.ts", "npm:x": "npm:x@1" };

Deno.test("referenceMap() redirects only the chosen katas' files, only from katas/", () => {
  const map = referenceMap(["01", "03"], STD, "/repo", "/repo/.cache/import-maps");
  assertEquals(Object.keys(map.scopes), ["../../katas/"]);
  const redirects = map.scopes["../../katas/"];
  assertEquals(redirects["../../katas/01/value.ts"], "../../solutions/01/value.ts");
  assertEquals(redirects["../../katas/03/backward.ts"], "../../solutions/03/backward.ts");
  assertEquals(redirects["../../katas/02/topological_order.ts"], undefined);
});

Deno.test("referenceMap() carries deno.json's imports, rebased to the map's folder", () => {
  const map = referenceMap([], STD, "/repo", "/repo/.cache/import-maps");
  assertEquals(map.imports, { "@std/assert": "../../lib/std/assert/mod.ts", "npm:x": "npm:x@1" });
});

Deno.test("allBut() and allKatas() follow the kata list", () => {
  assertEquals(allKatas().length, KATAS.length);
  assertEquals(allBut("02").includes("02"), false);
  assertEquals(allBut("02").length, KATAS.length - 1);
});

Deno.test("the path helpers resolve . and .. and relative paths", () => {
  assertEquals(normalize("/a/b/../c/./d"), "/a/c/d");
  assertEquals(join("/a", "b", "../c"), "/a/c");
  assertEquals(relative("/repo/.cache/maps", "/repo/katas/01"), "../../katas/01");
  assertEquals(relative("/repo", "/repo"), ".");
});
