/**
 * A small evaluator for Salesforce formula fields, evaluated at read time: field and parent paths
 * (`Plan__r.Name__c`), literals, & + - * / and comparisons, and the common text and logical functions.
 */
import { SfError } from './errors.ts';

type Node =
  | { kind: 'lit'; value: unknown }
  | { kind: 'ref'; path: string[] }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'unary'; op: string; arg: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node };

const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|(&&|\|\||<>|!=|<=|>=|==|[-+*/&=<>(),!^]))/y;

function tokenize(src: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(src);
    if (!m)
      throw new SfError(
        'INVALID_FORMULA',
        `Cannot parse formula near: ${src.slice(TOKEN.lastIndex, TOKEN.lastIndex + 20)}`,
      );
    tokens.push(m[0].trim());
  }
  return tokens;
}

const PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '=': 3,
  '==': 3,
  '!=': 3,
  '<>': 3,
  '<': 4,
  '>': 4,
  '<=': 4,
  '>=': 4,
  '&': 5,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '^': 7,
};

export function parseFormula(src: string): Node {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const expect = (t: string) => {
    if (tokens[pos] !== t) throw new SfError('INVALID_FORMULA', `Expected ${t} in formula ${src}`);
    pos++;
  };
  const primary = (): Node => {
    const t = tokens[pos++];
    if (t === undefined) throw new SfError('INVALID_FORMULA', `Unexpected end of formula ${src}`);
    if (t === '(') {
      const e = expr(0);
      expect(')');
      return e;
    }
    if (t === '-' || t === '!' || t === '+') return { kind: 'unary', op: t, arg: primary() };
    if (/^\d/.test(t)) return { kind: 'lit', value: Number(t) };
    if (/^["']/.test(t)) return { kind: 'lit', value: t.slice(1, -1).replace(/\\(.)/g, '$1') };
    if (peek() === '(') {
      pos++;
      const args: Node[] = [];
      while (peek() !== ')') {
        args.push(expr(0));
        if (peek() === ',') pos++;
      }
      expect(')');
      return { kind: 'call', name: t.toUpperCase(), args };
    }
    const upper = t.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'lit', value: upper === 'TRUE' };
    if (upper === 'NULL') return { kind: 'lit', value: null };
    return { kind: 'ref', path: t.split('.') };
  };
  const expr = (min: number): Node => {
    let left = primary();
    while (pos < tokens.length && PRECEDENCE[peek()] !== undefined && PRECEDENCE[peek()] > min) {
      const op = tokens[pos++];
      left = { kind: 'binary', op, left, right: expr(PRECEDENCE[op]) };
    }
    return left;
  };
  const node = expr(0);
  if (pos !== tokens.length) throw new SfError('INVALID_FORMULA', `Unexpected ${tokens[pos]} in formula ${src}`);
  return node;
}

const blank = (v: unknown) => v === null || v === undefined || v === '';
const str = (v: unknown) => (blank(v) ? '' : String(v));

/** Evaluates a parsed formula; `resolve` returns the value at a field path (source names). */
export function evaluate(node: Node, resolve: (path: string[]) => unknown): unknown {
  const ev = (n: Node) => evaluate(n, resolve);
  switch (node.kind) {
    case 'lit':
      return node.value;
    case 'ref':
      return resolve(node.path);
    case 'unary': {
      const v = ev(node.arg);
      if (node.op === '!') return !v;
      return blank(v) ? null : node.op === '-' ? -Number(v) : Number(v);
    }
    case 'binary': {
      const l = ev(node.left);
      const r = ev(node.right);
      switch (node.op) {
        case '&':
          return str(l) + str(r);
        case '+':
          return typeof l === 'string' || typeof r === 'string'
            ? str(l) + str(r)
            : blank(l) || blank(r)
              ? null
              : Number(l) + Number(r);
        case '-':
          return blank(l) || blank(r) ? null : Number(l) - Number(r);
        case '*':
          return blank(l) || blank(r) ? null : Number(l) * Number(r);
        case '/':
          return blank(l) || blank(r) ? null : Number(l) / Number(r);
        case '^':
          return blank(l) || blank(r) ? null : Number(l) ** Number(r);
        case '=':
        case '==':
          return (blank(l) && blank(r)) || l === r;
        case '!=':
        case '<>':
          return !((blank(l) && blank(r)) || l === r);
        case '<':
          return (l as number) < (r as number);
        case '>':
          return (l as number) > (r as number);
        case '<=':
          return (l as number) <= (r as number);
        case '>=':
          return (l as number) >= (r as number);
        case '&&':
          return Boolean(l) && Boolean(r);
        case '||':
          return Boolean(l) || Boolean(r);
      }
      return null;
    }
    case 'call':
      return call(node.name, node.args, ev);
  }
}

function call(name: string, args: Node[], ev: (n: Node) => unknown): unknown {
  const a = (i: number) => ev(args[i]);
  switch (name) {
    case 'IF':
      return a(0) ? a(1) : a(2);
    case 'AND':
      return args.every((n) => Boolean(ev(n)));
    case 'OR':
      return args.some((n) => Boolean(ev(n)));
    case 'NOT':
      return !a(0);
    case 'ISBLANK':
    case 'ISNULL':
      return blank(a(0));
    case 'BLANKVALUE':
    case 'NULLVALUE': {
      const v = a(0);
      return blank(v) ? a(1) : v;
    }
    case 'CASE': {
      const v = a(0);
      for (let i = 1; i + 1 < args.length; i += 2) if (ev(args[i]) === v) return ev(args[i + 1]);
      return args.length % 2 === 0 ? a(args.length - 1) : null;
    }
    case 'TEXT':
      return str(a(0));
    case 'VALUE': {
      const v = a(0);
      return blank(v) ? null : Number(v);
    }
    case 'UPPER':
      return str(a(0)).toUpperCase();
    case 'LOWER':
      return str(a(0)).toLowerCase();
    case 'TRIM':
      return str(a(0)).trim();
    case 'LEN':
      return str(a(0)).length;
    case 'LEFT':
      return str(a(0)).slice(0, Number(a(1)));
    case 'RIGHT': {
      const s = str(a(0));
      const n = Number(a(1));
      return n <= 0 ? '' : s.slice(-n);
    }
    case 'MID':
      return str(a(0)).substr(Number(a(1)) - 1, Number(a(2)));
    case 'CONTAINS':
      return str(a(0)).includes(str(a(1)));
    case 'BEGINS':
      return str(a(0)).startsWith(str(a(1)));
    case 'SUBSTITUTE':
      return str(a(0))
        .split(str(a(1)))
        .join(str(a(2)));
    case 'LPAD':
      return str(a(0))
        .padStart(Number(a(1)), args[2] ? str(a(2)) : ' ')
        .slice(0, Number(a(1)));
    case 'RPAD':
      return str(a(0))
        .padEnd(Number(a(1)), args[2] ? str(a(2)) : ' ')
        .slice(0, Number(a(1)));
    case 'HYPERLINK':
      return str(a(1));
  }
  throw new SfError('INVALID_FORMULA', `The local org does not evaluate the formula function ${name}`);
}
