/**
 * The few path helpers the scripts need, written out so the project has no
 * dependency beyond our `@std` stand-ins. POSIX and Windows separators are
 * both accepted; results use the platform's.
 *
 * @module
 */

const WINDOWS = Deno.build.os === "windows";
const SEP = WINDOWS ? "\\" : "/";

/** Joins path pieces and resolves `.` and `..`. */
export function join(...parts: string[]): string {
  return normalize(parts.filter((p) => p !== "").join(SEP));
}

/** Resolves `.`, `..` and repeated separators, keeping a leading root. */
export function normalize(path: string): string {
  const absolute = /^([a-zA-Z]:)?[\\/]/.test(path);
  const drive = path.match(/^[a-zA-Z]:/)?.[0] ?? "";
  const out: string[] = [];
  for (const piece of path.slice(drive.length).split(/[\\/]+/)) {
    if (piece === "" || piece === ".") continue;
    if (piece === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (piece !== ".." || !absolute) out.push(piece);
  }
  const body = out.join(SEP);
  return drive + (absolute ? SEP + body : body || ".");
}

/** The path from folder `from` to `to`, both absolute. */
export function relative(from: string, to: string): string {
  const a = normalize(from).split(/[\\/]/).filter(Boolean);
  const b = normalize(to).split(/[\\/]/).filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join(SEP) || ".";
}

/** The path of a `file:` URL. */
export function fromFileUrl(url: URL | string): string {
  const u = typeof url === "string" ? new URL(url) : url;
  const path = decodeURIComponent(u.pathname);
  return WINDOWS ? path.replace(/^\/([a-zA-Z]:)/, "$1").replaceAll("/", "\\") : path;
}

/** The `file:` URL of an absolute path. */
export function toFileUrl(path: string): URL {
  const posix = path.replaceAll("\\", "/");
  return new URL("file://" + (posix.startsWith("/") ? "" : "/") + encodeURI(posix));
}
