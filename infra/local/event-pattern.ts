/**
 * EventBridge content filtering for the local host, so a bus event reaches exactly the handlers an AWS rule
 * would send it to. AWS evaluates patterns with aws/event-ruler; this mirrors its semantics and messages:
 * pattern and event are flattened to dot-joined paths (`{"a.b": …}` and `{"a": {"b": …}}` are one field),
 * operators only see leaf values, and fields matched inside objects of one array must come from the same
 * element. The fixture in test/fixtures/eventbridge-patterns, recorded against AWS, is the referee.
 */

type Scalar = string | number | boolean | null;
type Matcher = { test: (value: Scalar) => boolean; absent?: boolean; wildcards?: string[] };
/** One `$or`-free alternative of a pattern: flattened path -> values of which any must match. */
type Branch = Map<string, Matcher[]>;
/** An event leaf, with the element index it sits at in every array on its path (keyed by array id). */
type Leaf = { value: Scalar; arrays: ReadonlyMap<number, number> };

// Ruler refuses these as field names inside $or, where they most likely are a misplaced operator.
const RESERVED_IN_OR = new Set(
  "exactly equals-ignore-case prefix suffix anything-but exists wildcard numeric cidr = < <= > >=".split(" "),
);
const MAX_WILDCARD_COMPLEXITY = 10; // see checkWildcardComplexity
// Ruler only treats text of these shapes as IP literals; others are not addresses at all.
const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;
const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

class InvalidPattern extends Error {}
function fail(reason: string): never {
  throw new InvalidPattern(`Event pattern is not valid. Reason: ${reason}`);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number";
const onString = (test: (s: string) => boolean): Matcher => ({ test: (v) => isString(v) && test(v) });

/** AWS's InvalidEventPatternException message for a pattern PutRule would refuse, else undefined. */
export function validatePattern(pattern: unknown): string | undefined {
  try {
    compile(pattern);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidPattern) return error.message;
    throw error;
  }
}

/** Throws on an invalid pattern: routing with one is a bug in our rules, not a reason to drop events. */
export function matchesPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  if (!isObject(event)) return false;
  const leaves = flatten(event);
  return compile(pattern).some((branch) => matchFields([...branch], 0, leaves, new Map()));
}

// Every bus event is tested against every rule; compile each pattern object once.
const compiled = new WeakMap<object, Branch[]>();

function compile(pattern: unknown): Branch[] {
  if (!isObject(pattern)) fail("Filter is not an object");
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const branches = compileObject(pattern, "", [new Map()], false);
  checkWildcardComplexity(branches);
  compiled.set(pattern, branches);
  return branches;
}

function compileObject(node: Record<string, unknown>, path: string, branches: Branch[], inOr: boolean) {
  if (Object.keys(node).length === 0) fail("Empty objects are not allowed");
  for (const [key, value] of Object.entries(node)) {
    if (key === "$or") {
      if (!Array.isArray(value)) fail("It must be an Array followed with $or.");
      if (!value.every(isObject)) fail("Only JSON object is allowed in array of $or relationship.");
      if (value.length < 2) fail("There must have at least 2 Objects in $or relationship.");
      // Each alternative forks every branch built so far: a && (b || c) -> (a && b) || (a && c).
      const copy = branches;
      branches = value.flatMap((alt) =>
        compileObject(
          alt,
          path,
          copy.map((b) => new Map(b)),
          true,
        ),
      );
      continue;
    }
    if (inOr && RESERVED_IN_OR.has(key))
      fail(`${key} is Ruler reserved fieldName which cannot be used inside $or.`);
    const child = path ? `${path}.${key}` : key;
    if (isObject(value)) branches = compileObject(value, child, branches, inOr);
    else if (!Array.isArray(value)) fail(`"${key}" must be an object or an array`);
    else {
      const matchers = compileValues(value);
      for (const branch of branches) branch.set(child, matchers);
    }
  }
  return branches;
}

function compileValues(values: unknown[]): Matcher[] {
  if (values.length === 0) fail("Empty arrays are not allowed");
  return values.map((value): Matcher => {
    if (isObject(value)) return compileOperator(value);
    if (Array.isArray(value)) fail("Match value must be String, number, true, false, or null");
    // Ruler compares IP literals as addresses: "2001:db8::1" equals "2001:0db8:0:0:0:0:0:1".
    const ip = isString(value) ? parseIp(value) : undefined;
    return { test: (v) => v === value || (ip !== undefined && isString(v) && parseIp(v) === ip) };
  });
}

function compileOperator(expression: Record<string, unknown>): Matcher {
  const [op, ...extra] = Object.keys(expression);
  const matcher = compileOperand(op, op === undefined ? undefined : expression[op]);
  // Ruler reads the operand before noticing a second key, so a bad operand is reported first.
  if (extra.length > 0) {
    const numeric = op === "numeric" || op === "anything-but"; // sic: Ruler's message for both
    fail(numeric ? "Too many elements in numeric expression" : "Only one key allowed in match expression");
  }
  return matcher;
}

function compileOperand(op: string | undefined, arg: unknown): Matcher {
  switch (op) {
    case "prefix":
    case "suffix": {
      const ends = (s: string, part: string) => (op === "prefix" ? s.startsWith(part) : s.endsWith(part));
      if (isString(arg)) return onString((s) => ends(s, arg));
      const folded = isObject(arg) && Object.keys(arg).length === 1 ? arg["equals-ignore-case"] : undefined;
      if (!isString(folded)) fail(`${op} match pattern must be a string`);
      return onString((s) => ends(s.toLowerCase(), folded.toLowerCase()));
    }
    case "equals-ignore-case":
      if (!isString(arg)) fail("equals-ignore-case match pattern must be a string");
      return onString((s) => s.toLowerCase() === arg.toLowerCase());
    case "wildcard": {
      if (!isString(arg)) fail("wildcard match pattern must be a string");
      const regex = wildcardRegex(arg);
      return { ...onString((s) => regex.test(s)), wildcards: [arg] };
    }
    case "cidr": {
      if (!isString(arg)) fail("prefix match pattern must be a string"); // sic: Ruler's message
      const [low, high] = parseCidr(arg);
      return onString((s) => {
        const ip = parseIp(s);
        return ip !== undefined && ip.length === low.length && ip >= low && ip <= high;
      });
    }
    case "exists":
      if (typeof arg !== "boolean") fail("exists match pattern must be either true or false.");
      // exists:false is met by the absence of leaves, never by a leaf's value (see matchFields).
      return arg ? { test: () => true } : { test: () => false, absent: true };
    case "numeric": {
      const inRange = compileNumeric(arg);
      // JSON numbers only: "300" in an event is a string and never compares numerically.
      return { test: (v) => isNumber(v) && inRange(v) };
    }
    case "anything-but":
      return compileAnythingBut(arg);
    case undefined:
      return fail("Match expression name not found");
    default:
      return fail(`Unrecognized match type ${op}`);
  }
}

/** Any leaf that is not excluded matches, null included; a missing field never does. */
function compileAnythingBut(arg: unknown): Matcher {
  if (!isObject(arg)) {
    if (!Array.isArray(arg) && !isString(arg) && !isNumber(arg)) {
      fail("Value of anything-but must be an array or single string/number value.");
    }
    const excluded = new Set<unknown>(Array.isArray(arg) ? arg : [arg]);
    const values = [...excluded];
    if (!values.every((v) => isString(v) || isNumber(v))) {
      fail("Inside anything but list, start|null|boolean is not supported.");
    }
    if (values.length === 0 || (!values.every(isString) && !values.every(isNumber))) {
      fail("Inside anything but list, either all values are number or string, mixed type is not supported");
    }
    return { test: (v) => !excluded.has(v) };
  }
  const [op, ...extra] = Object.keys(arg);
  if (op === undefined) fail("Anything-But expression name not found");
  if (!["prefix", "suffix", "equals-ignore-case", "wildcard"].includes(op)) {
    fail(`Unsupported anything-but pattern: ${op}`);
  }
  const inner = arg[op];
  if (isObject(inner)) fail("Value of anything-but must be an array or single string/number value.");
  const list = (reason: string): string[] => {
    const items = Array.isArray(inner) ? inner : [inner];
    if (!items.every(isString)) fail(reason);
    if (items.length === 0) fail("Empty arrays are not allowed");
    return items;
  };
  let excludes: (s: string) => boolean;
  let wildcards: string[] | undefined;
  if (op === "prefix" || op === "suffix") {
    const parts = list("prefix/suffix match pattern must be a string");
    if (parts.includes("")) fail("Null prefix/suffix not allowed");
    excludes = (s) => parts.some((p) => (op === "prefix" ? s.startsWith(p) : s.endsWith(p)));
  } else if (op === "equals-ignore-case") {
    const reason = "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.";
    const folded = new Set(list(reason).map((s) => s.toLowerCase()));
    excludes = (s) => folded.has(s.toLowerCase());
  } else {
    wildcards = list("wildcard match pattern must be a string");
    const regexes = wildcards.map(wildcardRegex);
    excludes = (s) => regexes.some((r) => r.test(s));
  }
  if (extra.length > 0) fail("Only one key allowed in match expression");
  // String operators cannot exclude a number, boolean or null, so those leaves always match.
  return { test: (v) => !isString(v) || !excludes(v), wildcards };
}

/** Ruler's grammar: ["=", n], ["<"|"<=", n], or [">"|">=", n] optionally followed by ["<"|"<=", m]. */
function compileNumeric(arg: unknown): (n: number) => boolean {
  if (!Array.isArray(arg)) fail("Value of numeric must be an array.");
  const [op, value, op2, value2, ...rest] = arg as unknown[];
  const operand = (v: unknown, name: string) => (isNumber(v) ? v : fail(`Value of ${name} must be numeric`));
  if (op === "=" || op === "<" || op === "<=") {
    const n = operand(value, op === "=" ? "equals" : op);
    if (arg.length > 2) fail("Too many elements in numeric expression");
    return op === "=" ? (x) => x === n : op === "<" ? (x) => x < n : (x) => x <= n;
  }
  if (op !== ">" && op !== ">=") {
    fail(
      isString(op)
        ? `Unrecognized numeric range operator: ${op}`
        : `Invalid member in numeric match: ${op ?? "]"}`,
    );
  }
  const bottom = operand(value, op);
  const above = op === ">" ? (x: number) => x > bottom : (x: number) => x >= bottom;
  if (arg.length === 2) return above;
  if (!isString(op2)) fail(`Bad value in numeric range: ${String(op2)}`);
  if (op2 !== "<" && op2 !== "<=") fail(`Bad numeric range operator: ${op2}`);
  const top = operand(value2, op2);
  if (rest.length > 0) fail("Too many terms in numeric range expression");
  if (bottom >= top) fail("Bottom must be less than top");
  return (x) => above(x) && (op2 === "<" ? x < top : x <= top);
}

/** `*` matches any run of characters, also none; `\*` and `\\` are the only escapes. */
function wildcardRegex(pattern: string): RegExp {
  // Ruler reports UTF-8 byte positions, counting the opening quote it puts around the value.
  const pos = (i: number) => Buffer.byteLength(pattern.slice(0, i)) + 1;
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const [ch, next] = [pattern.charAt(i), pattern.charAt(i + 1)];
    if (ch === "*" && next === "*") fail(`Consecutive wildcard characters at pos ${pos(i)}`);
    if (ch === "\\" && next !== "*" && next !== "\\") fail(`Invalid escape character at pos ${pos(i)}`);
    if (ch === "\\") i++;
    source += ch === "*" ? "[\\s\\S]*" : (ch === "\\" ? next : ch).replace(/[$()*+.?[\\\]^{|}]/, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/**
 * Ruler rejects a field whose wildcards let a worst-case value keep too many automaton states alive at
 * once (its MachineComplexityEvaluator). We count live states of one position automaton per field, with
 * the quotes Ruler matches around JSON strings. The cap is calibrated on AWS, which accepts a star followed
 * by five repeats of "/dir" and four "*.ext" on one field, but rejects "*:*:*:*:*:event-bus/" + "*" and four
 * of the form "*" + "/datasync/*.ext".
 */
function checkWildcardComplexity(branches: Branch[]): void {
  const byPath = new Map<string, Set<string>>();
  for (const [path, matchers] of branches.flatMap((b) => [...b])) {
    for (const w of matchers.flatMap((m) => m.wildcards ?? []))
      byPath.set(path, (byPath.get(path) ?? new Set()).add(w));
  }
  for (const patterns of byPath.values()) {
    // State i waits for tokens[i]: a character, null for `*`, undefined once the closing quote is read.
    const tokens: (string | null | undefined)[] = [];
    const starts = [...patterns].map((p) => {
      const chars = [...p.matchAll(/\\(.)|(\*)|(.)/gsu)].map((m) => (m[2] ? null : (m[1] ?? m[3])));
      return tokens.push('"', ...chars, '"', undefined) - chars.length - 3;
    });
    const close = (states: Set<number>) => {
      for (const i of states) if (tokens[i] === null) states.add(i + 1);
      return states;
    };
    const step = (states: Set<number>, ch: string) => {
      const moved = new Set<number>();
      for (const i of states) {
        if (tokens[i] === ch) moved.add(i + 1);
        if (tokens[i - 1] === null) moved.add(i); // a star keeps consuming
      }
      return close(moved);
    };
    const alphabet = [...new Set(tokens.filter(isString)), "\u{10FFFF}"]; // the last stands for "any other"
    const seen = new Set<string>();
    for (let frontier = [close(new Set(starts))]; frontier.length > 0; ) {
      frontier = frontier.flatMap((states) => alphabet.map((ch) => step(states, ch)));
      frontier = frontier.filter((states) => {
        if (states.size > MAX_WILDCARD_COMPLEXITY) {
          fail(
            "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character",
          );
        }
        const key = [...states].sort().join();
        const fresh = states.size > 0 && !seen.has(key);
        seen.add(key);
        return fresh;
      });
    }
  }
}

/** An IPv4/IPv6 literal as fixed-width hex (8 or 32 digits), so ranges compare as strings; else undefined. */
function parseIp(text: string): string | undefined {
  const hex = (n: number, digits: number) => n.toString(16).padStart(digits, "0");
  if (IPV4.test(text)) {
    const bytes = text.split(".").map(Number);
    return bytes.every((b) => b <= 255) ? bytes.map((b) => hex(b, 2)).join("") : undefined;
  }
  const [head, tail, ...more] = text.split("::");
  if (!IPV6.test(text) || more.length > 0) return undefined;
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const gap = 8 - left.length - right.length;
  // Without "::" there must be eight groups; with it, "::" must stand for at least one.
  if (gap < 0 || (tail === undefined) !== (gap === 0)) return undefined;
  const words = [...left, ...Array<string>(gap).fill("0"), ...right];
  if (!words.every((w) => /^[0-9a-fA-F]{1,4}$/.test(w))) return undefined;
  const full = words.map((w) => hex(Number.parseInt(w, 16), 4)).join("");
  // Like Java's InetAddress, an IPv4-mapped IPv6 address is the IPv4 address.
  return full.startsWith("00000000000000000000ffff") ? full.slice(24) : full;
}

/** Ruler keeps the address as given as the bottom of the range (host bits are not cleared). */
function parseCidr(cidr: string): [string, string] {
  const [address = "", bits = "", ...more] = cidr.split("/");
  if (!cidr.includes("/") || more.length > 0) fail("Malformed CIDR, one '/' required");
  if (!/^[+-]?\d+$/.test(bits)) fail("Malformed CIDR, mask bits must be an integer");
  if (Number(bits) < 0) fail("Malformed CIDR, mask bits must not be negative");
  const low =
    parseIp(address) ??
    fail(`${IPV4.test(address) || IPV6.test(address) ? "Invalid" : "Nonstandard"} IP address: ${address}`);
  const width = low.length * 4;
  if (Number(bits) >= width) fail(`IPv${width === 32 ? "4" : "6"} mask bits must be < ${width}`);
  const high = BigInt(`0x${low}`) | ((1n << BigInt(width - Number(bits))) - 1n);
  return [low, high.toString(16).padStart(low.length, "0")];
}

/**
 * Every leaf under its dot-joined path; empty arrays and objects add none, which is what `exists`
 * sees. An explicit stack instead of recursion: an event's free-form data may nest deeply.
 */
function flatten(event: Record<string, unknown>): Map<string, Leaf[]> {
  const leaves = new Map<string, Leaf[]>();
  let arrayIds = 0;
  const stack: [unknown, string, ReadonlyMap<number, number>][] = [[event, "", new Map()]];
  // Popped in reverse push order, so children are pushed last-first to keep document order.
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, path, arrays] = top;
    if (Array.isArray(node)) {
      const id = arrayIds++;
      for (let index = node.length - 1; index >= 0; index--)
        stack.push([node[index], path, new Map(arrays).set(id, index)]);
    } else if (isObject(node)) {
      const entries = Object.entries(node);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, value] = entries[i] as [string, unknown];
        stack.push([value, path ? `${path}.${key}` : key, arrays]);
      }
    } else if (path) {
      const leaf = { value: node as Scalar, arrays };
      const list = leaves.get(path);
      if (list) list.push(leaf);
      else leaves.set(path, [leaf]);
    }
  }
  return leaves;
}

/** Backtracks over candidate leaves so that all fields agree on the element of every array they share. */
function matchFields(
  fields: [string, Matcher[]][],
  index: number,
  leaves: Map<string, Leaf[]>,
  arrays: ReadonlyMap<number, number>,
): boolean {
  const field = fields[index];
  if (!field) return true;
  const [path, matchers] = field;
  const candidates = leaves.get(path) ?? [];
  if (candidates.length === 0) {
    return matchers.some((m) => m.absent) && matchFields(fields, index + 1, leaves, arrays);
  }
  return candidates.some((leaf) => {
    if ([...leaf.arrays].some(([id, i]) => (arrays.get(id) ?? i) !== i)) return false;
    if (!matchers.some((m) => !m.absent && m.test(leaf.value))) return false;
    return matchFields(fields, index + 1, leaves, new Map([...arrays, ...leaf.arrays]));
  });
}
