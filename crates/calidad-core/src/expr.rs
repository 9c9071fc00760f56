//! The small expression language of `row-constraint` formulas: arithmetic, comparisons,
//! `and`/`or`/`not`, numbers, quoted strings and field names (bare, or in backticks when they
//! have spaces). It evaluates; it never executes code.
//!
//! `monto >= 0 and (region == 'RM' or comuna != '')`

/// Tokens a formula may have: a longer one is refused, so parsing and evaluation (both
/// recursive) stay shallow whatever the input.
pub const MAX_TOKENS: usize = 1_000;
/// Nesting (parentheses, `not`, unary minus) a formula may have.
pub const MAX_DEPTH: usize = 64;

/// Why a formula cannot be used, or cannot be evaluated on a row.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ExprError {
    /// A number that does not parse (`1.2.3`).
    #[error("bad number {0:?} in formula")]
    BadNumber(String),
    /// A quote or backtick that never closes.
    #[error("unclosed {0} in formula")]
    Unclosed(char),
    /// A character or token out of place.
    #[error("unexpected {0} in formula")]
    Unexpected(String),
    /// An opening parenthesis without its closing one.
    #[error("missing ) in formula")]
    MissingClose,
    /// The formula stops in the middle of an expression.
    #[error("formula ends too early")]
    EndsEarly,
    /// Nothing to evaluate.
    #[error("empty formula")]
    Empty,
    /// More than [`MAX_TOKENS`] tokens or [`MAX_DEPTH`] levels of nesting.
    #[error(
        "formula too long or too deeply nested (at most {MAX_TOKENS} tokens and {MAX_DEPTH} levels)"
    )]
    TooComplex,
    /// The formula cannot be evaluated on this row (comparing text with a number…).
    #[error("cannot evaluate: {0}")]
    Eval(&'static str),
}

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

fn tokenize(text: &str) -> Result<Vec<Token>, ExprError> {
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
                    .map_err(|_| ExprError::BadNumber(number.clone()))?,
            ));
        } else if c == '\'' || c == '"' || c == '`' {
            let start = i + 1;
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += 1;
            }
            if i >= chars.len() {
                return Err(ExprError::Unclosed(c));
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
                _ => return Err(ExprError::Unexpected(format!("{c:?}"))),
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
    depth: usize,
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
        next: fn(&mut Parser) -> Result<Expr, ExprError>,
    ) -> Result<Expr, ExprError> {
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

    fn or(&mut self) -> Result<Expr, ExprError> {
        self.binary(&["or"], Parser::and)
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        self.binary(&["and"], Parser::not)
    }

    fn not(&mut self) -> Result<Expr, ExprError> {
        if self.eat_op(&["not"]).is_some() {
            self.deeper()?;
            let inner = self.not()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.binary(&["==", "!=", "<", "<=", ">", ">="], Parser::sum)
    }

    fn sum(&mut self) -> Result<Expr, ExprError> {
        self.binary(&["+", "-"], Parser::product)
    }

    fn product(&mut self) -> Result<Expr, ExprError> {
        self.binary(&["*", "/", "%"], Parser::unary)
    }

    /// Goes one level deeper, or fails past [`MAX_DEPTH`].
    fn deeper(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError::TooComplex);
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        if self.eat_op(&["-"]).is_some() {
            self.deeper()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Negate(Box::new(inner)));
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
                self.deeper()?;
                let inner = self.or()?;
                self.depth -= 1;
                match self.peek() {
                    Some(Token::Close) => {
                        self.at += 1;
                        Ok(inner)
                    }
                    _ => Err(ExprError::MissingClose),
                }
            }
            Some(other) => Err(ExprError::Unexpected(format!("{other:?}"))),
            None => Err(ExprError::EndsEarly),
        }
    }
}

impl Expr {
    /// Parses a formula.
    pub fn parse(text: &str) -> Result<Expr, ExprError> {
        let mut parser = Parser {
            tokens: tokenize(text)?,
            at: 0,
            depth: 0,
        };
        if parser.tokens.is_empty() {
            return Err(ExprError::Empty);
        }
        if parser.tokens.len() > MAX_TOKENS {
            return Err(ExprError::TooComplex);
        }
        let expr = parser.or()?;
        if let Some(extra) = parser.tokens.get(parser.at) {
            return Err(ExprError::Unexpected(format!("{extra:?}")));
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
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Value) -> Result<Value, ExprError> {
        Ok(match self {
            Expr::Literal(v) => v.clone(),
            Expr::Field(name) => lookup(name),
            Expr::Negate(e) => match e.eval(lookup)? {
                Value::Number(n) => Value::Number(-n),
                _ => return Err(ExprError::Eval("only numbers can be negated")),
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

fn binary(op: Op, a: Value, b: Value) -> Result<Value, ExprError> {
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
                return Err(ExprError::Eval(
                    "values of different kinds cannot be compared",
                ));
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
                return Err(ExprError::Eval("cannot add"));
            };
            Value::Text(x + &y)
        }
        _ => {
            let (Value::Number(x), Value::Number(y)) = (&a, &b) else {
                return Err(ExprError::Eval("arithmetic needs numbers"));
            };
            let (x, y) = (*x, *y);
            Value::Number(match op {
                Op::Add => x + y,
                Op::Sub => x - y,
                Op::Mul => x * y,
                Op::Div if y == 0.0 => return Err(ExprError::Eval("division by zero")),
                Op::Div => x / y,
                Op::Rem if y == 0.0 => return Err(ExprError::Eval("division by zero")),
                _ => x % y,
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(formula: &str, row: &[(&str, &str)]) -> Result<bool, ExprError> {
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
    fn deep_or_long_formulas_are_refused_not_a_stack_overflow() {
        let nested = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(Expr::parse(&nested), Err(ExprError::TooComplex));
        let negated = format!("{}1", "not ".repeat(10_000));
        assert_eq!(Expr::parse(&negated), Err(ExprError::TooComplex));
        let long = vec!["a"; 10_000].join(" + ");
        assert_eq!(Expr::parse(&long), Err(ExprError::TooComplex));
        let fine = format!(
            "{}1{}",
            "(".repeat(MAX_DEPTH - 1),
            ")".repeat(MAX_DEPTH - 1)
        );
        assert!(Expr::parse(&fine).is_ok());
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
