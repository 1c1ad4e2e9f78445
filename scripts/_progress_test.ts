// Tests of the training progress bar (scripts/_progress.ts).

import { assertEquals, assertFalse, assertStringIncludes } from "@std/assert";
import { duration, ProgressBar, progressLine } from "./_progress.ts";

Deno.test({
  name: "progressLine() shows the step, a bar, the percentage, the loss and the time left",
  timeout: 10_000,
  fn() {
    // 250 of 1000 steps in 10 s: 30 s left; the bar is at most 30 wide, a quarter of it full
    const line = progressLine(250, 1000, 2.48171, 10_000, { color: false, columns: 80 });
    assertEquals(
      line,
      `step  250/1000 ${"█".repeat(8)}${"░".repeat(22)}  25% | loss 2.4817 | 0:30 left`,
    );
  },
});

Deno.test({
  name: "progressLine() colours only when allowed and fits narrow terminals",
  timeout: 10_000,
  fn() {
    const coloured = progressLine(1, 2, 3, 500, { color: true, columns: 80 });
    assertStringIncludes(coloured, "\x1b[36m");
    const plain = progressLine(1, 2, 3, 500, { color: false, columns: 80 });
    assertFalse(plain.includes("\x1b"));
    const narrow = progressLine(1, 2, 3, 500, { color: false, columns: 20 });
    assertEquals(narrow, "step 1/2   50% | loss 3.0000 | 0:01 left");
  },
});

Deno.test({
  name: "duration() writes m:ss or h:mm:ss, and ?:?? when unknown",
  timeout: 10_000,
  fn() {
    assertEquals(duration(0), "0:00");
    assertEquals(duration(61_400), "1:01");
    assertEquals(duration(3_725_000), "1:02:05");
    assertEquals(duration(NaN), "?:??");
    assertEquals(duration(-1), "?:??");
  },
});

Deno.test({
  name: "ProgressBar redraws in place and clears itself before other output",
  timeout: 10_000,
  fn() {
    let written = "";
    let clock = 0;
    const bar = new ProgressBar(4, (t) => written += t, { color: false, columns: 60 }, () => clock);
    bar.clear(); // nothing shown yet: nothing to clear
    assertEquals(written, "");
    clock = 1000;
    bar.update(1, 3.3);
    assertEquals(
      written,
      `\r\x1b[2Kstep 1/4 ${"█".repeat(5)}${"░".repeat(13)}  25% | loss 3.3000 | 0:03 left`, // 18 wide
    );
    written = "";
    bar.clear();
    bar.clear();
    assertEquals(written, "\r\x1b[2K");
  },
});
