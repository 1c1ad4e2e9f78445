import { assertEquals } from "@std/assert";
import { isSupported } from "./_deno_version.ts";

Deno.test("isSupported() accepts Deno 2.8 and newer only", () => {
  assertEquals(["2.7.14", "2.8.0", "2.9.6", "3.0.0", "1.46.3"].map(isSupported), [
    false,
    true,
    true,
    true,
    false,
  ]);
});
