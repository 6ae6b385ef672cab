//! JSON to MessagePack in one pass, for reading a backup: the records are then read
//! by the store's own deserialisers (`base::msgpack`), so the wasm has one copy of
//! each record type's reader, not a second one for JSON.
//!
//! Why not `serde_transcode` into `rmp_serde`: JSON does not say how long an object or
//! an array is until it ends, so `rmp_serde` buffers each one and copies it into its
//! parent when it closes: every nested byte is copied once per level (a document's
//! lines sit four levels deep), about a third of reading a large backup. Here an array
//! or a map is written with a 32-bit length that is filled in when it closes, and
//! nothing is copied.
//!
//! What it writes: `null` as nil, booleans, integers in their smallest MessagePack form,
//! other numbers as 64-bit floats, strings as strings, arrays as array32 and objects as
//! map32 (string keys). The JSON parser's depth limit keeps nesting bounded; nothing
//! here panics on any input.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// `json` (UTF-8 bytes holding one JSON value, and nothing else but white space) as
/// MessagePack; the JSON parser's message when it is not JSON.
pub fn json_to_msgpack(json: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
    // MessagePack of records is about two thirds of their pretty JSON.
    let mut out = Vec::with_capacity(json.len() / 3 * 2);
    let mut de = serde_json::Deserializer::from_slice(json);
    Value(&mut out).deserialize(&mut de)?;
    de.end()?;
    Ok(out)
}

/// Writes the next JSON value to its vector.
struct Value<'a>(&'a mut Vec<u8>);

impl<'de> DeserializeSeed<'de> for Value<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Writes a 32-bit length placeholder after `marker`; where it is.
fn open(out: &mut Vec<u8>, marker: u8) -> usize {
    out.push(marker);
    let at = out.len();
    out.extend_from_slice(&[0; 4]);
    at
}

/// Fills in the length placeholder at `at`.
fn close(out: &mut [u8], at: usize, count: u32) {
    out[at..at + 4].copy_from_slice(&count.to_be_bytes());
}

fn too_long<E: de::Error>() -> E {
    E::custom("an array or object with more than 4,294,967,295 entries")
}

impl<'de> Visitor<'de> for Value<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.push(0xc0);
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.0.push(if v { 0xc3 } else { 0xc2 });
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        let out = self.0;
        if v < 0x80 {
            out.push(v as u8);
        } else if let Ok(v) = u8::try_from(v) {
            out.extend_from_slice(&[0xcc, v]);
        } else if let Ok(v) = u16::try_from(v) {
            out.push(0xcd);
            out.extend_from_slice(&v.to_be_bytes());
        } else if let Ok(v) = u32::try_from(v) {
            out.push(0xce);
            out.extend_from_slice(&v.to_be_bytes());
        } else {
            out.push(0xcf);
            out.extend_from_slice(&v.to_be_bytes());
        }
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        if let Ok(v) = u64::try_from(v) {
            return self.visit_u64(v);
        }
        let out = self.0;
        if v >= -32 {
            out.push(v as i8 as u8);
        } else if let Ok(v) = i8::try_from(v) {
            out.extend_from_slice(&[0xd0, v as u8]);
        } else if let Ok(v) = i16::try_from(v) {
            out.push(0xd1);
            out.extend_from_slice(&v.to_be_bytes());
        } else if let Ok(v) = i32::try_from(v) {
            out.push(0xd2);
            out.extend_from_slice(&v.to_be_bytes());
        } else {
            out.push(0xd3);
            out.extend_from_slice(&v.to_be_bytes());
        }
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.0.push(0xcb);
        self.0.extend_from_slice(&v.to_be_bytes());
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        let out = self.0;
        let len = v.len();
        if len < 32 {
            out.push(0xa0 | len as u8);
        } else if let Ok(len) = u8::try_from(len) {
            out.extend_from_slice(&[0xd9, len]);
        } else if let Ok(len) = u16::try_from(len) {
            out.push(0xda);
            out.extend_from_slice(&len.to_be_bytes());
        } else if let Ok(len) = u32::try_from(len) {
            out.push(0xdb);
            out.extend_from_slice(&len.to_be_bytes());
        } else {
            return Err(E::custom("a string longer than 4 GB"));
        }
        out.extend_from_slice(v.as_bytes());
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let out = self.0;
        let at = open(out, 0xdd);
        let mut count: u32 = 0;
        while seq.next_element_seed(Value(&mut *out))?.is_some() {
            count = count.checked_add(1).ok_or_else(too_long)?;
        }
        close(out, at, count);
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let out = self.0;
        let at = open(out, 0xdf);
        let mut count: u32 = 0;
        while map.next_key_seed(Value(&mut *out))?.is_some() {
            map.next_value_seed(Value(&mut *out))?;
            count = count.checked_add(1).ok_or_else(too_long)?;
        }
        close(out, at, count);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum Kind {
        Plain,
        Tagged(String),
        Both { a: u8 },
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Sample {
        name: String,
        long: String,
        small: u8,
        big: u64,
        negative: i64,
        tiny_negative: i8,
        ratio: f64,
        flag: bool,
        missing: Option<String>,
        present: Option<u32>,
        list: Vec<i32>,
        empty: Vec<String>,
        kinds: Vec<Kind>,
        nested: Vec<Vec<Option<bool>>>,
    }

    fn sample() -> Sample {
        Sample {
            name: "Åse Öberg — 請求書".into(),
            long: "x".repeat(70_000),
            small: 7,
            big: u64::MAX,
            negative: i64::MIN,
            tiny_negative: -5,
            ratio: 0.125,
            flag: true,
            missing: None,
            present: Some(300),
            list: vec![-40_000, -200, 0, 127, 128, 65_536],
            empty: vec![],
            kinds: vec![Kind::Plain, Kind::Tagged("t".into()), Kind::Both { a: 255 }],
            nested: vec![vec![Some(true), None], vec![]],
        }
    }

    /// What is read back from the MessagePack is what the JSON said, through the
    /// store's own reader: every kind of value, strings of every length class,
    /// integers at their limits, enums of each shape, nesting.
    #[test]
    fn json_reads_back_through_the_store_reader() {
        let value = sample();
        let json = serde_json::to_vec_pretty(&value).unwrap();
        let packed = json_to_msgpack(&json).unwrap();
        let back: Sample = crate::base::msgpack::from_slice(&packed).unwrap();
        assert_eq!(back, value);
    }

    /// Any MessagePack reader sees the JSON's own tree (here `rmp_serde`'s).
    #[test]
    fn another_reader_sees_the_same_tree() {
        let json = serde_json::to_vec(&sample()).unwrap();
        let ours = json_to_msgpack(&json).unwrap();
        let tree: serde_json::Value = rmp_serde::from_slice(&ours).unwrap();
        let expected: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(tree, expected);
    }

    #[test]
    fn not_json_is_the_parsers_error() {
        for bad in [&b"{\"a\": }"[..], b"[1, 2", b"", b"{} x", b"\xff"] {
            assert!(json_to_msgpack(bad).is_err(), "{bad:?}");
        }
        // Too deep for the parser: an error, not a stack overflow.
        let deep = "[".repeat(100_000);
        assert!(json_to_msgpack(deep.as_bytes()).is_err());
    }
}
