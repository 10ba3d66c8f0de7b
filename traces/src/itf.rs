//! The ITF value shapes this suite uses (Apalache ADR-015): sets as
//! `{"#set": [...]}`, maps as `{"#map": [[k, v], ...]}`, variants as
//! `{"tag": ..., "value": ...}`, integers as JSON numbers or `{"#bigint": "..."}`.
//! Sequences are JSON arrays and records JSON objects.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An ITF set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItfSet<T> {
    #[serde(rename = "#set")]
    pub items: Vec<T>,
}

impl<T> ItfSet<T> {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<T> Default for ItfSet<T> {
    fn default() -> Self {
        ItfSet { items: Vec::new() }
    }
}

/// An ITF map (a TLA+ function), as key/value pairs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItfMap<K, V> {
    #[serde(rename = "#map")]
    pub pairs: Vec<(K, V)>,
}

/// An ITF integer that fits in `u64`: written as a JSON number, read from a
/// number or from `{"#bigint": "..."}` (what TLC-to-ITF converters write).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItfInt(pub u64);

impl Serialize for ItfInt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.0)
    }
}

/// An integer of type `T` written as a JSON number or as `{"#bigint": "..."}`;
/// `what` names the integers `T` holds, for the error.
fn itf_integer<'de, D, T>(d: D, what: &str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + std::str::FromStr,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Repr<T> {
        Number(T),
        Big {
            #[serde(rename = "#bigint")]
            digits: String,
        },
    }
    match Repr::<T>::deserialize(d) {
        Ok(Repr::Number(n)) => Ok(n),
        Ok(Repr::Big { digits }) => digits
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("`{digits}` is not {what}"))),
        Err(_) => {
            Err(serde::de::Error::custom(format!("expected {what} or {{\"#bigint\": \"...\"}}")))
        }
    }
}

impl<'de> Deserialize<'de> for ItfInt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        itf_integer(d, "a non-negative integer").map(ItfInt)
    }
}

/// An ITF integer that may be negative: a leaf (`docs/threat-model.md`),
/// negated when the server holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ItfSigned(pub i64);

impl Serialize for ItfSigned {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for ItfSigned {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        itf_integer(d, "an integer").map(ItfSigned)
    }
}

/// A record with no fields, the value of argument-less variants.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {}

/// A number in a trace's `#meta`: written as a string, because readers of
/// ITF such as the `itf` crate (Quint's and Apalache's tooling) take every
/// `#meta` field outside ITF's own as a string; read as a string or as a
/// number (what this suite wrote before).
pub mod meta_number {
    use serde::{Deserialize, Deserializer, Serializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Number(u64),
        Text(String),
    }

    fn parse<E: serde::de::Error>(w: Written) -> Result<u64, E> {
        match w {
            Written::Number(n) => Ok(n),
            Written::Text(t) => t.parse().map_err(|_| {
                E::custom(format!("expected a whole number (as a string or a number), got {t:?}"))
            }),
        }
    }

    pub fn serialize<S: Serializer>(n: &usize, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(n)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
        let n = parse(Written::deserialize(d)?)?;
        usize::try_from(n).map_err(|_| serde::de::Error::custom(format!("{n} is too large")))
    }

    /// The same for an optional `u64` (a seed).
    pub mod option {
        use super::{parse, Written};
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(n: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
            match n {
                Some(n) => s.collect_str(n),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
            Option::<Written>::deserialize(d)?.map(parse).transpose()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_read_from_numbers_and_bigints_and_say_what_they_expected() {
        let signed = |t: &str| serde_json::from_str::<ItfSigned>(t).map_err(|e| e.to_string());
        let unsigned = |t: &str| serde_json::from_str::<ItfInt>(t).map_err(|e| e.to_string());
        assert_eq!(signed("-2"), Ok(ItfSigned(-2)));
        assert_eq!(signed(r##"{"#bigint": "-3"}"##), Ok(ItfSigned(-3)));
        assert_eq!(unsigned(r##"{"#bigint": "7"}"##), Ok(ItfInt(7)));
        assert!(unsigned("-1").unwrap_err().contains("expected a non-negative integer or"));
        assert!(unsigned(r##"{"#bigint": "-1"}"##)
            .unwrap_err()
            .contains("`-1` is not a non-negative integer"));
        assert!(signed(r#""x""#).unwrap_err().contains("expected an integer or"));
        assert!(signed(r##"{"#bigint": "x"}"##).unwrap_err().contains("`x` is not an integer"));
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Meta {
        #[serde(with = "meta_number")]
        users: usize,
        #[serde(default, with = "meta_number::option")]
        seed: Option<u64>,
    }

    #[test]
    fn meta_numbers_are_written_as_strings_and_read_in_either_form() {
        let meta = Meta { users: 4, seed: Some(u64::MAX) };
        let text = serde_json::to_string(&meta).unwrap();
        assert_eq!(text, r#"{"users":"4","seed":"18446744073709551615"}"#);
        assert_eq!(serde_json::from_str::<Meta>(&text).unwrap(), meta);
        let old = serde_json::from_str::<Meta>(r#"{"users":4,"seed":7}"#).unwrap();
        assert_eq!(old, Meta { users: 4, seed: Some(7) });
        let none = serde_json::from_str::<Meta>(r#"{"users":"2","seed":null}"#).unwrap();
        assert_eq!(none.seed, None);
        let bad = serde_json::from_str::<Meta>(r#"{"users":"four"}"#).unwrap_err().to_string();
        assert!(
            bad.contains(r#"expected a whole number (as a string or a number), got "four""#),
            "{bad}"
        );
    }
}
