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

impl<'de> Deserialize<'de> for ItfInt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Number(u64),
            Big {
                #[serde(rename = "#bigint")]
                digits: String,
            },
        }
        match Repr::deserialize(d) {
            Ok(Repr::Number(n)) => Ok(ItfInt(n)),
            Ok(Repr::Big { digits }) => digits.parse().map(ItfInt).map_err(|_| {
                serde::de::Error::custom(format!("`{digits}` is not a non-negative integer"))
            }),
            Err(_) => Err(serde::de::Error::custom(
                "expected a non-negative integer or {\"#bigint\": \"...\"}",
            )),
        }
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
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Number(i64),
            Big {
                #[serde(rename = "#bigint")]
                digits: String,
            },
        }
        match Repr::deserialize(d) {
            Ok(Repr::Number(n)) => Ok(ItfSigned(n)),
            Ok(Repr::Big { digits }) => digits
                .parse()
                .map(ItfSigned)
                .map_err(|_| serde::de::Error::custom(format!("`{digits}` is not an integer"))),
            Err(_) => {
                Err(serde::de::Error::custom("expected an integer or {\"#bigint\": \"...\"}"))
            }
        }
    }
}

/// A record with no fields, the value of argument-less variants.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {}
