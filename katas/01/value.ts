// deno-lint-ignore-file no-unused-vars
// A Value is a number that remembers how it was made.

import { todo } from "../../lib/todo.ts";

/**
 * A scalar in the computation graph: its value, its gradient, and the
 * operands and local derivatives of the operation that made it.
 *
 * Every operation returns a new `Value` and leaves its operands unchanged. A
 * plain number operand first becomes a leaf: `new Value(3)`.
 */
export class Value {
  /** The number this node holds. */
  data: number;
  /** d(root)/d(this), filled in by `backward` (kata 03); starts at 0. */
  grad = 0;
  /** The operands this node was computed from (none for a leaf). */
  readonly children: readonly Value[];
  /** d(this)/d(child) for each child, in the same order. */
  readonly localGrads: readonly number[];
  /** The operation's name, for pictures: `"+"`, `"*"`, `"pow"`, `"log"`, `"exp"`, `"relu"`; `""` for a leaf. */
  readonly op: string;
  /** Bookkeeping for `topologicalOrder` (kata 02): the last pass that visited this node. Given. */
  mark: object | undefined = undefined;

  /**
   * Makes a node. Called with just a number, it makes a leaf (an input or a parameter).
   *
   * @param data The number.
   * @param children The operands (none for a leaf).
   * @param localGrads The local derivative for each operand, in the same order.
   * @param op The operation's name (`""` for a leaf).
   */
  constructor(
    data: number,
    children: readonly Value[] = [],
    localGrads: readonly number[] = [],
    op = "",
  ) {
    // TODO: keep the four arguments in the fields of the same names
    todo("the Value constructor");
  }

  /**
   * `this + other`. Local derivatives: 1 and 1.
   *
   * @param other A Value, or a number (which becomes a leaf).
   * @returns A new node with `op` `"+"`.
   */
  add(other: Value | number): Value {
    // TODO: a new Value with data this.data + other.data, children [this, other], localGrads [1, 1]
    return todo("Value.add");
  }

  /**
   * `this * other`. Local derivatives: `other.data` (for this) and `this.data` (for other).
   *
   * @param other A Value, or a number (which becomes a leaf).
   * @returns A new node with `op` `"*"`.
   */
  mul(other: Value | number): Value {
    // TODO: a new Value with data this.data * other.data, children [this, other], localGrads [other.data, this.data]
    return todo("Value.mul");
  }

  /**
   * `this ** n` for a plain number `n`. Local derivative: `n * this.data ** (n - 1)`.
   *
   * @param n The exponent, a plain number (not a Value).
   * @returns A new node with `op` `"pow"` and the one child `this`.
   */
  pow(n: number): Value {
    // TODO: a new Value with data this.data ** n, children [this], localGrads [n * this.data ** (n - 1)]
    return todo("Value.pow");
  }

  /**
   * The natural logarithm. Local derivative: `1 / this.data`.
   *
   * @returns A new node with `op` `"log"`.
   */
  log(): Value {
    // TODO: a new Value with data Math.log(this.data), children [this], localGrads [1 / this.data]
    return todo("Value.log");
  }

  /**
   * `e ** this`. Local derivative: `e ** this.data`, the result itself.
   *
   * @returns A new node with `op` `"exp"`.
   */
  exp(): Value {
    // TODO: a new Value with data Math.exp(this.data), children [this], localGrads [that same number]
    return todo("Value.exp");
  }

  /**
   * `max(0, this)`. Local derivative: 1 where `this.data > 0`, else 0.
   *
   * @returns A new node with `op` `"relu"`.
   */
  relu(): Value {
    // TODO: a new Value with data max(0, this.data), children [this], localGrads [1 or 0]
    return todo("Value.relu");
  }

  /**
   * `-this`, built as microgpt.py builds it: `this * -1`.
   *
   * @returns A new `"*"` node whose second child is the leaf -1.
   */
  neg(): Value {
    // TODO: one line, using mul
    return todo("Value.neg");
  }

  /**
   * `this - other`, built as `this + (-other)`. A number is negated first, so
   * `a.sub(3)` adds the leaf -3; a Value is negated with `neg()`.
   *
   * @param other A Value, or a number.
   * @returns A new `"+"` node.
   */
  sub(other: Value | number): Value {
    // TODO: one line, using add (and neg for a Value)
    return todo("Value.sub");
  }

  /**
   * `this / other`, built as `this * other ** -1`. For a number, `other ** -1`
   * is computed first, so `a.div(2)` multiplies by the leaf 0.5; a Value goes
   * through `pow(-1)`.
   *
   * @param other A Value, or a number.
   * @returns A new `"*"` node.
   */
  div(other: Value | number): Value {
    // TODO: one line, using mul (and pow for a Value)
    return todo("Value.div");
  }
}
