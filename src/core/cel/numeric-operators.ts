import type { Environment } from '@marcbachmann/cel-js';

type Arith = (a: number, b: number) => number;

const ARITHMETIC: Record<string, Arith> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
};

/**
 * CEL keeps int (BigInt) and double apart, so `record.Points + 1` fails when Points is a JSON
 * number. CONTRACT §4 wants numbers to combine whether a literal is written `2` or `2.0`, so
 * mixed operands are widened to double.
 */
export function registerNumericOperators(env: Environment): Environment {
  for (const [op, fn] of Object.entries(ARITHMETIC)) {
    env.registerOperator(`double ${op} int: double`, (a: number, b: bigint) => fn(a, Number(b)));
    env.registerOperator(`int ${op} double: double`, (a: bigint, b: number) => fn(Number(a), b));
  }
  // Registering double == int also serves int == double (and !=).
  env.registerOperator('double == int', (a: number, b: bigint) => a === Number(b));
  return env;
}
