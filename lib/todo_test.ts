import { assertEquals, assertInstanceOf, assertThrows } from "@std/assert";
import { NotWrittenYet, todo } from "./todo.ts";

Deno.test("todo() throws NotWrittenYet naming what to write", () => {
  const error = assertThrows(() => todo("Value.mul"), NotWrittenYet);
  assertEquals(error.what, "Value.mul");
  assertEquals(error.name, "NotWrittenYet");
  assertInstanceOf(error, Error);
});

Deno.test("todo() outside a kata folder points to the kata's README in general terms", () => {
  assertThrows(() => todo("x"), NotWrittenYet, "x is not written yet: see the kata's README.md");
});

Deno.test("todo() called from a kata file points to that kata's lesson", async () => {
  // The lesson is found from the caller's path: a module under katas/07/ points to katas/07/README.md
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/katas/07`, { recursive: true });
    const todoUrl = new URL("./todo.ts", import.meta.url).href;
    await Deno.writeTextFile(
      `${dir}/katas/07/stub.ts`,
      `import { todo } from "${todoUrl}";\nexport function gpt(): never { return todo("gpt"); }\n`,
    );
    const stub = await import(`file://${dir}/katas/07/stub.ts`);
    assertThrows(() => stub.gpt(), NotWrittenYet, "gpt is not written yet: see katas/07/README.md");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
