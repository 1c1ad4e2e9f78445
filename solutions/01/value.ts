// A Value is a number that remembers how it was made.

/** The children of a leaf: none (shared, so leaves allocate nothing). */
const NO_CHILDREN: readonly Value[] = [];
/** The local gradients of a leaf: none. */
const NO_GRADS: readonly number[] = [];

/**
 * A scalar in the computation graph: its value, its gradient, and the
 * operands and local derivatives of the operation that made it.
 */
export class Value {
  /** The number this node holds. */
  data: number;
  /** d(root)/d(this), filled in by `backward`; starts at 0. */
  grad = 0;
  /** The operands this node was computed from (none for a leaf). */
  readonly children: readonly Value[];
  /** d(this)/d(child) for each child, in the same order. */
  readonly localGrads: readonly number[];
  /** The operation's name, for pictures: `"+"`, `"*"`, `"pow"`, ...; `""` for a leaf. */
  readonly op: string;
  /** Bookkeeping for `topologicalOrder` (kata 02): the last pass that visited this node. */
  mark: object | undefined = undefined;

  /**
   * @param data The number.
   * @param children The operands (none for a leaf).
   * @param localGrads The local derivative for each operand.
   * @param op The operation's name (`""` for a leaf).
   */
  constructor(
    data: number,
    children: readonly Value[] = NO_CHILDREN,
    localGrads: readonly number[] = NO_GRADS,
    op = "",
  ) {
    this.data = data;
    this.children = children;
    this.localGrads = localGrads;
    this.op = op;
  }

  /** `this + other`. d/dthis = 1, d/dother = 1. */
  add(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other);
    return new Value(this.data + o.data, [this, o], [1, 1], "+");
  }

  /** `this * other`. d/dthis = other, d/dother = this. */
  mul(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other);
    return new Value(this.data * o.data, [this, o], [o.data, this.data], "*");
  }

  /** `this ** n` for a plain number `n`. d/dthis = n * this ** (n - 1). */
  pow(n: number): Value {
    return new Value(this.data ** n, [this], [n * this.data ** (n - 1)], "pow");
  }

  /** The natural logarithm. d/dthis = 1 / this. */
  log(): Value {
    return new Value(Math.log(this.data), [this], [1 / this.data], "log");
  }

  /** `e ** this`. d/dthis = e ** this, the result itself. */
  exp(): Value {
    const e = Math.exp(this.data);
    return new Value(e, [this], [e], "exp");
  }

  /** `max(0, this)`. d/dthis = 1 where this > 0, else 0. */
  relu(): Value {
    const positive = this.data > 0;
    return new Value(positive ? this.data : 0, [this], [positive ? 1 : 0], "relu");
  }

  /** `-this`, as microgpt.py builds it: `this * -1`. */
  neg(): Value {
    return this.mul(-1);
  }

  /** `this - other`, as `this + (-other)`; a number is negated before it becomes a leaf. */
  sub(other: Value | number): Value {
    return this.add(other instanceof Value ? other.neg() : -other);
  }

  /** `this / other`, as `this * other ** -1`; for a number, `other ** -1` is computed first. */
  div(other: Value | number): Value {
    return this.mul(other instanceof Value ? other.pow(-1) : other ** -1);
  }
}
