//! Values as TLC prints them (`<<1, 2>>`, `{1, 2}`, `[a |-> 1]`, `(1 :> x @@ 2 :> y)`,
//! `"s"`, `TRUE`, integers), parsed into a tree. TLC 2.15 has no JSON output,
//! so its error traces and state dumps are read through this.

use std::collections::BTreeMap;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TlaValue {
    Int(i64),
    Bool(bool),
    Str(String),
    Seq(Vec<TlaValue>),
    Set(Vec<TlaValue>),
    Record(BTreeMap<String, TlaValue>),
    /// A function that is not a sequence or record, as (key, value) pairs.
    Func(Vec<(TlaValue, TlaValue)>),
}

/// Where and why a value could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset into the parsed text.
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses one whole value; anything but white space after it is an error.
pub fn parse_value(text: &str) -> Result<TlaValue, ParseError> {
    let mut p = Parser { s: text.as_bytes(), i: 0 };
    let v = p.value()?;
    p.skip_ws();
    if p.i != p.s.len() {
        return p.fail("unexpected text after the value");
    }
    Ok(v)
}

/// Parses `/\ name = value` lines (a state as TLC prints it) into name -> value.
pub fn parse_state(text: &str) -> Result<BTreeMap<String, TlaValue>, ParseError> {
    let mut vars = BTreeMap::new();
    let mut p = Parser { s: text.as_bytes(), i: 0 };
    loop {
        p.skip_ws();
        if p.i == p.s.len() {
            return Ok(vars);
        }
        if p.s[p.i..].starts_with(b"/\\") {
            p.i += 2;
        }
        p.skip_ws();
        let name = p.ident()?;
        p.skip_ws();
        p.expect("=")?;
        let value = p.value()?;
        vars.insert(name, value);
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn fail<T>(&self, message: &str) -> Result<T, ParseError> {
        Err(ParseError { offset: self.i, message: message.to_string() })
    }

    fn skip_ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_ws();
        if self.s[self.i..].starts_with(token.as_bytes()) {
            self.i += token.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &str) -> Result<(), ParseError> {
        if self.eat(token) {
            Ok(())
        } else {
            self.fail(&format!("expected `{token}`"))
        }
    }

    fn ident(&mut self) -> Result<String, ParseError> {
        self.skip_ws();
        let start = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
        {
            self.i += 1;
        }
        if start == self.i {
            return self.fail("expected a name");
        }
        Ok(String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    /// Comma-separated items up to `close`.
    fn list<T>(
        &mut self,
        close: &str,
        mut item: impl FnMut(&mut Self) -> Result<T, ParseError>,
    ) -> Result<Vec<T>, ParseError> {
        let mut out = Vec::new();
        if self.eat(close) {
            return Ok(out);
        }
        loop {
            out.push(item(self)?);
            if self.eat(close) {
                return Ok(out);
            }
            self.expect(",")?;
        }
    }

    fn value(&mut self) -> Result<TlaValue, ParseError> {
        self.skip_ws();
        let Some(&c) = self.s.get(self.i) else {
            return self.fail("expected a value, found the end");
        };
        match c {
            b'<' => {
                self.expect("<<")?;
                Ok(TlaValue::Seq(self.list(">>", Self::value)?))
            }
            b'{' => {
                self.i += 1;
                Ok(TlaValue::Set(self.list("}", Self::value)?))
            }
            b'[' => {
                self.i += 1;
                let fields = self.list("]", |p| {
                    let name = p.ident()?;
                    p.expect("|->")?;
                    Ok((name, p.value()?))
                })?;
                Ok(TlaValue::Record(fields.into_iter().collect()))
            }
            b'(' => {
                self.i += 1;
                let mut pairs = Vec::new();
                loop {
                    let k = self.value()?;
                    self.expect(":>")?;
                    let v = self.value()?;
                    pairs.push((k, v));
                    if self.eat(")") {
                        return Ok(TlaValue::Func(pairs));
                    }
                    self.expect("@@")?;
                }
            }
            b'"' => self.string(),
            b'-' | b'0'..=b'9' => self.int(),
            _ if self.eat("TRUE") => Ok(TlaValue::Bool(true)),
            _ if self.eat("FALSE") => Ok(TlaValue::Bool(false)),
            _ => self.fail("expected a value"),
        }
    }

    fn string(&mut self) -> Result<TlaValue, ParseError> {
        self.i += 1;
        let mut out = Vec::new();
        while let Some(&c) = self.s.get(self.i) {
            self.i += 1;
            match c {
                b'"' => return Ok(TlaValue::Str(String::from_utf8_lossy(&out).into_owned())),
                b'\\' => match self.s.get(self.i) {
                    Some(&e) => {
                        self.i += 1;
                        out.push(match e {
                            b'n' => b'\n',
                            b't' => b'\t',
                            other => other,
                        })
                    }
                    None => break,
                },
                _ => out.push(c),
            }
        }
        self.fail("unterminated string")
    }

    fn int(&mut self) -> Result<TlaValue, ParseError> {
        let start = self.i;
        if self.s[self.i] == b'-' {
            self.i += 1;
        }
        while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
            self.i += 1;
        }
        std::str::from_utf8(&self.s[start..self.i])
            .ok()
            .and_then(|t| t.parse().ok())
            .map(TlaValue::Int)
            .ok_or(ParseError { offset: start, message: "bad integer".into() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_values() {
        let v = parse_value(
            r#"<<[a |-> {1, 2}, b |-> "x\"y", c |-> <<>>], (1 :> TRUE @@ 2 :> FALSE), -3>>"#,
        )
        .unwrap();
        let TlaValue::Seq(items) = v else { panic!() };
        assert_eq!(items.len(), 3);
        let TlaValue::Record(r) = &items[0] else { panic!() };
        assert_eq!(r["a"], TlaValue::Set(vec![TlaValue::Int(1), TlaValue::Int(2)]));
        assert_eq!(r["b"], TlaValue::Str("x\"y".into()));
        assert_eq!(r["c"], TlaValue::Seq(vec![]));
        assert_eq!(items[2], TlaValue::Int(-3));
    }

    #[test]
    fn parses_a_state() {
        let s = parse_state("/\\ log = <<>>\n/\\ users = <<[alive |-> TRUE]>>\n").unwrap();
        assert_eq!(s["log"], TlaValue::Seq(vec![]));
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn reports_where_it_failed() {
        let e = parse_value("<<1, [a |-> ]>>").unwrap_err();
        assert_eq!(e.offset, 12);
        assert!(parse_value("<<1").is_err());
        assert!(parse_value("\"abc").is_err());
    }
}
