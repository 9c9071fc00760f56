//! The small expression language of `row-constraint` formulas: arithmetic, comparisons,
//! `and`/`or`/`not`, numbers, quoted strings and field names (bare, or in backticks when they
//! have spaces). It evaluates; it never executes code.
//!
//! `monto >= 0 and (region == 'RM' or comuna != '')`

/// A value during evaluation.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A number.
    Number(f64),
    /// Text.
    Text(String),
    /// A boolean.
    Bool(bool),
    /// A missing cell.
    Null,
}

impl Value {
    /// Reads a cell: empty is null, a plain number is a number, anything else is text.
    pub fn from_cell(cell: &str) -> Value {
        if cell.is_empty() {
            return Value::Null;
        }
        match cell.trim().parse::<f64>() {
            Ok(n)
                if cell
                    .trim()
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) =>
            {
                Value::Number(n)
            }
            _ => Value::Text(cell.to_owned()),
        }
    }

    fn truthy(&self) -> bool {
        match self {
            Value::Number(n) => *n != 0.0,
            Value::Text(t) => !t.is_empty(),
            Value::Bool(b) => *b,
            Value::Null => false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

/// A parsed expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A constant.
    Literal(Value),
    /// A field's value in the current row.
    Field(String),
    /// `-x`.
    Negate(Box<Expr>),
    /// `not x`.
    Not(Box<Expr>),
    /// `a op b`.
    Binary(Box<Expr>, OpCode, Box<Expr>),
}

/// An operator (public only so [`Expr`] can be inspected).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpCode(Op);

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Number(f64),
    Text(String),
    Name(String),
    Op(&'static str),
    Open,
    Close,
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let number: String = chars[start..i].iter().collect();
            tokens.push(Token::Number(
                number
                    .parse()
                    .map_err(|_| format!("bad number {number:?}"))?,
            ));
        } else if c == '\'' || c == '"' || c == '`' {
            let start = i + 1;
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += 1;
            }
            if i >= chars.len() {
                return Err(format!("unclosed {c} in formula"));
            }
            let text: String = chars[start..i].iter().collect();
            i += 1;
            tokens.push(if c == '`' {
                Token::Name(text)
            } else {
                Token::Text(text)
            });
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            tokens.push(match word.as_str() {
                "and" => Token::Op("and"),
                "or" => Token::Op("or"),
                "not" => Token::Op("not"),
                _ => Token::Name(word),
            });
        } else if c == '(' {
            tokens.push(Token::Open);
            i += 1;
        } else if c == ')' {
            tokens.push(Token::Close);
            i += 1;
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let op = ["==", "!=", "<=", ">=", "&&", "||"]
                .into_iter()
                .find(|op| *op == two);
            if let Some(op) = op {
                tokens.push(Token::Op(match op {
                    "&&" => "and",
                    "||" => "or",
                    other => other,
                }));
                i += 2;
                continue;
            }
            let op = match c {
                '+' => "+",
                '-' => "-",
                '*' => "*",
                '/' => "/",
                '%' => "%",
                '<' => "<",
                '>' => ">",
                '=' => "==",
                '!' => "not",
                _ => return Err(format!("unexpected {c:?} in formula")),
            };
            tokens.push(Token::Op(op));
            i += 1;
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn eat_op(&mut self, ops: &[&'static str]) -> Option<&'static str> {
        match self.peek() {
            Some(Token::Op(op)) if ops.contains(op) => {
                let op = *op;
                self.at += 1;
                Some(op)
            }
            _ => None,
        }
    }

    fn binary(
        &mut self,
        ops: &[&'static str],
        next: fn(&mut Parser) -> Result<Expr, String>,
    ) -> Result<Expr, String> {
        let mut left = next(self)?;
        while let Some(op) = self.eat_op(ops) {
            let right = next(self)?;
            let code = match op {
                "or" => Op::Or,
                "and" => Op::And,
                "==" => Op::Eq,
                "!=" => Op::Ne,
                "<" => Op::Lt,
                "<=" => Op::Le,
                ">" => Op::Gt,
                ">=" => Op::Ge,
                "+" => Op::Add,
                "-" => Op::Sub,
                "*" => Op::Mul,
                "/" => Op::Div,
                _ => Op::Rem,
            };
            left = Expr::Binary(Box::new(left), OpCode(code), Box::new(right));
        }
        Ok(left)
    }

    fn or(&mut self) -> Result<Expr, String> {
        self.binary(&["or"], Parser::and)
    }

    fn and(&mut self) -> Result<Expr, String> {
        self.binary(&["and"], Parser::not)
    }

    fn not(&mut self) -> Result<Expr, String> {
        if self.eat_op(&["not"]).is_some() {
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        self.binary(&["==", "!=", "<", "<=", ">", ">="], Parser::sum)
    }

    fn sum(&mut self) -> Result<Expr, String> {
        self.binary(&["+", "-"], Parser::product)
    }

    fn product(&mut self) -> Result<Expr, String> {
        self.binary(&["*", "/", "%"], Parser::unary)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.eat_op(&["-"]).is_some() {
            return Ok(Expr::Negate(Box::new(self.unary()?)));
        }
        let token = self.peek().cloned();
        self.at += 1;
        match token {
            Some(Token::Number(n)) => Ok(Expr::Literal(Value::Number(n))),
            Some(Token::Text(t)) => Ok(Expr::Literal(Value::Text(t))),
            Some(Token::Name(name)) => Ok(match name.as_str() {
                "true" | "True" => Expr::Literal(Value::Bool(true)),
                "false" | "False" => Expr::Literal(Value::Bool(false)),
                "None" | "null" => Expr::Literal(Value::Null),
                _ => Expr::Field(name),
            }),
            Some(Token::Open) => {
                let inner = self.or()?;
                match self.peek() {
                    Some(Token::Close) => {
                        self.at += 1;
                        Ok(inner)
                    }
                    _ => Err("missing ) in formula".to_owned()),
                }
            }
            Some(other) => Err(format!("unexpected {other:?} in formula")),
            None => Err("formula ends too early".to_owned()),
        }
    }
}

impl Expr {
    /// Parses a formula.
    pub fn parse(text: &str) -> Result<Expr, String> {
        let mut parser = Parser {
            tokens: tokenize(text)?,
            at: 0,
        };
        if parser.tokens.is_empty() {
            return Err("empty formula".to_owned());
        }
        let expr = parser.or()?;
        if parser.at != parser.tokens.len() {
            return Err(format!(
                "unexpected {:?} in formula",
                parser.tokens[parser.at]
            ));
        }
        Ok(expr)
    }

    /// Field names the formula uses.
    pub fn fields(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_fields(&mut out);
        out
    }

    fn collect_fields<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Expr::Field(name) => out.push(name),
            Expr::Negate(e) | Expr::Not(e) => e.collect_fields(out),
            Expr::Binary(a, _, b) => {
                a.collect_fields(out);
                b.collect_fields(out);
            }
            Expr::Literal(_) => {}
        }
    }

    /// Evaluates with `lookup` giving each field's value; an error means the formula cannot be
    /// evaluated on this row (comparing text with a number, dividing by zero).
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Value) -> Result<Value, String> {
        Ok(match self {
            Expr::Literal(v) => v.clone(),
            Expr::Field(name) => lookup(name),
            Expr::Negate(e) => match e.eval(lookup)? {
                Value::Number(n) => Value::Number(-n),
                other => return Err(format!("cannot negate {other:?}")),
            },
            Expr::Not(e) => Value::Bool(!e.eval(lookup)?.truthy()),
            Expr::Binary(a, OpCode(Op::And), b) => {
                Value::Bool(a.eval(lookup)?.truthy() && b.eval(lookup)?.truthy())
            }
            Expr::Binary(a, OpCode(Op::Or), b) => {
                Value::Bool(a.eval(lookup)?.truthy() || b.eval(lookup)?.truthy())
            }
            Expr::Binary(a, OpCode(op), b) => {
                let (a, b) = (a.eval(lookup)?, b.eval(lookup)?);
                binary(*op, a, b)?
            }
        })
    }
}

fn binary(op: Op, a: Value, b: Value) -> Result<Value, String> {
    use std::cmp::Ordering;
    let order = match (&a, &b) {
        (Value::Number(x), Value::Number(y)) => x.partial_cmp(y),
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Null, Value::Null) => Some(Ordering::Equal),
        _ => None,
    };
    Ok(match op {
        Op::Eq => Value::Bool(order == Some(Ordering::Equal)),
        Op::Ne => Value::Bool(order != Some(Ordering::Equal)),
        Op::Lt | Op::Le | Op::Gt | Op::Ge => {
            let Some(order) = order else {
                return Err(format!("cannot compare {a:?} with {b:?}"));
            };
            Value::Bool(match op {
                Op::Lt => order == Ordering::Less,
                Op::Le => order != Ordering::Greater,
                Op::Gt => order == Ordering::Greater,
                _ => order != Ordering::Less,
            })
        }
        Op::Add if matches!((&a, &b), (Value::Text(_), Value::Text(_))) => {
            let (Value::Text(x), Value::Text(y)) = (a, b) else {
                return Err("cannot add".to_owned());
            };
            Value::Text(x + &y)
        }
        _ => {
            let (Value::Number(x), Value::Number(y)) = (&a, &b) else {
                return Err(format!("cannot compute with {a:?} and {b:?}"));
            };
            let (x, y) = (*x, *y);
            Value::Number(match op {
                Op::Add => x + y,
                Op::Sub => x - y,
                Op::Mul => x * y,
                Op::Div if y == 0.0 => return Err("division by zero".to_owned()),
                Op::Div => x / y,
                Op::Rem if y == 0.0 => return Err("division by zero".to_owned()),
                _ => x % y,
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(formula: &str, row: &[(&str, &str)]) -> Result<bool, String> {
        let expr = Expr::parse(formula)?;
        let lookup = |name: &str| {
            row.iter()
                .find(|(k, _)| *k == name)
                .map_or(Value::Null, |(_, v)| Value::from_cell(v))
        };
        expr.eval(&lookup).map(|v| v.truthy())
    }

    #[test]
    fn evaluates() {
        assert_eq!(eval("id > 1", &[("id", "2")]), Ok(true));
        assert_eq!(eval("id>1", &[("id", "1")]), Ok(false));
        assert_eq!(
            eval("a + b == c", &[("a", "1"), ("b", "2"), ("c", "3")]),
            Ok(true)
        );
        assert_eq!(
            eval(
                "region == 'RM' and not (monto < 0)",
                &[("region", "RM"), ("monto", "5")]
            ),
            Ok(true)
        );
        assert_eq!(
            eval("`nombre campo` != ''", &[("nombre campo", "x")]),
            Ok(true)
        );
        assert_eq!(eval("-x * 2 == -4", &[("x", "2")]), Ok(true));
        assert!(eval("x < 1", &[("x", "abc")]).is_err());
        assert!(eval("1 / 0", &[]).is_err());
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        for bad in ["", "id >", "(a", "a b", "import os", "a ; b", "'open"] {
            if bad == "import os" {
                // Two names in a row: not an expression.
                assert!(Expr::parse(bad).is_err());
                continue;
            }
            assert!(Expr::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Expr::parse("a + b > c").unwrap().fields(), ["a", "b", "c"]);
    }
}
