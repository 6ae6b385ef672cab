//! Reading the records back from MessagePack: a serde `Deserializer` over a byte
//! slice for exactly what `rmp_serde::to_vec_named` writes.
//!
//! Why not `rmp_serde::from_slice`: its `deserialize_struct` and `deserialize_seq`
//! go through one catch-all function that can hand a value of any kind to the
//! visitor, so every record type got a copy of the whole MessagePack grammar (ints,
//! floats, strings, binaries, extensions, arrays AND maps) — about a quarter of the
//! app's code before optimisation. Here a struct reads a map, a list reads an array,
//! a string reads a string, and nothing else is generated for it. Writing stays with
//! `rmp_serde` (small, one copy per type).
//!
//! What it reads (as rmp_serde writes it): structs as maps keyed by field name
//! (`to_vec_named`) or as arrays of their values in field order (`to_vec`, the store's
//! compact form since schema 3);
//! newtype structs as their inner value; unit structs as an empty array or nil;
//! `None` as nil and `Some(x)` as `x`; unit variants as their name; other variants as
//! a one-entry map `{name: value}` (a tuple variant's value is an array, a struct
//! variant's a map). Integers of any width are accepted where an integer is expected
//! and range-checked by the visitor. Nesting is limited, so damaged bytes give an
//! error, never a stack overflow; nothing here panics on any input.

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};

/// Why bytes did not read as the expected value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// How deep arrays and maps may nest (the records nest about eight deep).
const MAX_DEPTH: u16 = 200;

/// Reads one `T` from the whole of `bytes`; bytes left over are an error.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    let mut de = Reader { input: bytes, depth: 0 };
    let value = T::deserialize(&mut de)?;
    if de.input.is_empty() {
        Ok(value)
    } else {
        Err(Error(format!("{} bytes left over after the value", de.input.len())))
    }
}

/// One value's kind, from its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Nil,
    Bool(bool),
    Uint,
    Int,
    Float,
    Str,
    Bin,
    Array,
    Map,
    Ext,
    Reserved,
}

fn kind_of(marker: u8) -> Kind {
    match marker {
        0x00..=0x7f | 0xcc..=0xcf => Kind::Uint,
        0xe0..=0xff | 0xd0..=0xd3 => Kind::Int,
        0x80..=0x8f | 0xde | 0xdf => Kind::Map,
        0x90..=0x9f | 0xdc | 0xdd => Kind::Array,
        0xa0..=0xbf | 0xd9..=0xdb => Kind::Str,
        0xc0 => Kind::Nil,
        0xc2 => Kind::Bool(false),
        0xc3 => Kind::Bool(true),
        0xc4..=0xc6 => Kind::Bin,
        0xca | 0xcb => Kind::Float,
        0xc7..=0xc9 | 0xd4..=0xd8 => Kind::Ext,
        0xc1 => Kind::Reserved,
    }
}

struct Reader<'de> {
    input: &'de [u8],
    depth: u16,
}

impl<'de> Reader<'de> {
    fn peek(&self) -> Result<u8, Error> {
        self.input.first().copied().ok_or_else(|| Error("the data ends too early".into()))
    }

    fn take(&mut self, n: usize) -> Result<&'de [u8], Error> {
        if self.input.len() < n {
            return Err(Error("the data ends too early".into()));
        }
        let (head, rest) = self.input.split_at(n);
        self.input = rest;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    fn be(&mut self, n: usize) -> Result<u64, Error> {
        Ok(self.take(n)?.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
    }

    fn unexpected(&self, marker: u8, expected: &str) -> Error {
        Error(format!("expected {expected}, found {:?} (byte 0x{marker:02x})", kind_of(marker)))
    }

    /// An unsigned or signed integer, widened.
    fn integer(&mut self) -> Result<Result<u64, i64>, Error> {
        let marker = self.byte()?;
        Ok(match marker {
            0x00..=0x7f => Ok(u64::from(marker)),
            0xe0..=0xff => Err(i64::from(marker as i8)),
            0xcc => Ok(self.be(1)?),
            0xcd => Ok(self.be(2)?),
            0xce => Ok(self.be(4)?),
            0xcf => Ok(self.be(8)?),
            0xd0 => Err(i64::from(self.be(1)? as u8 as i8)),
            0xd1 => Err(i64::from(self.be(2)? as u16 as i16)),
            0xd2 => Err(i64::from(self.be(4)? as u32 as i32)),
            0xd3 => Err(self.be(8)? as i64),
            _ => return Err(self.unexpected(marker, "an integer")),
        })
    }

    fn float(&mut self) -> Result<f64, Error> {
        match self.peek()? {
            0xca => {
                self.byte()?;
                Ok(f64::from(f32::from_bits(self.be(4)? as u32)))
            }
            0xcb => {
                self.byte()?;
                Ok(f64::from_bits(self.be(8)?))
            }
            _ => match self.integer()? {
                Ok(u) => Ok(u as f64),
                Err(i) => Ok(i as f64),
            },
        }
    }

    fn str(&mut self) -> Result<&'de str, Error> {
        let marker = self.byte()?;
        let len = match marker {
            0xa0..=0xbf => usize::from(marker & 0x1f),
            0xd9 => self.be(1)? as usize,
            0xda => self.be(2)? as usize,
            0xdb => self.be(4)? as usize,
            _ => return Err(self.unexpected(marker, "a text")),
        };
        std::str::from_utf8(self.take(len)?).map_err(|_| Error("a text is not UTF-8".into()))
    }

    fn bin(&mut self) -> Result<&'de [u8], Error> {
        let marker = self.byte()?;
        let len = match marker {
            0xc4 => self.be(1)? as usize,
            0xc5 => self.be(2)? as usize,
            0xc6 => self.be(4)? as usize,
            _ => return Err(self.unexpected(marker, "bytes")),
        };
        self.take(len)
    }

    fn array_len(&mut self) -> Result<usize, Error> {
        let marker = self.byte()?;
        Ok(match marker {
            0x90..=0x9f => usize::from(marker & 0x0f),
            0xdc => self.be(2)? as usize,
            0xdd => self.be(4)? as usize,
            _ => return Err(self.unexpected(marker, "a list")),
        })
    }

    fn map_len(&mut self) -> Result<usize, Error> {
        let marker = self.byte()?;
        Ok(match marker {
            0x80..=0x8f => usize::from(marker & 0x0f),
            0xde => self.be(2)? as usize,
            0xdf => self.be(4)? as usize,
            _ => return Err(self.unexpected(marker, "a record (a map)")),
        })
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error("the data nests too deep".into()));
        }
        Ok(())
    }

    /// Steps over one value of any kind, without building it.
    fn skip(&mut self) -> Result<(), Error> {
        let marker = self.peek()?;
        match kind_of(marker) {
            Kind::Nil | Kind::Bool(_) => {
                self.byte()?;
            }
            Kind::Uint | Kind::Int => {
                let _ = self.integer()?;
            }
            Kind::Float => {
                self.float()?;
            }
            Kind::Str => {
                self.str()?;
            }
            Kind::Bin => {
                self.bin()?;
            }
            Kind::Array => {
                let n = self.array_len()?;
                self.enter()?;
                for _ in 0..n {
                    self.skip()?;
                }
                self.depth -= 1;
            }
            Kind::Map => {
                let n = self.map_len()?;
                self.enter()?;
                for _ in 0..n {
                    self.skip()?;
                    self.skip()?;
                }
                self.depth -= 1;
            }
            Kind::Ext => {
                self.byte()?;
                let len = match marker {
                    0xd4 => 1,
                    0xd5 => 2,
                    0xd6 => 4,
                    0xd7 => 8,
                    0xd8 => 16,
                    0xc7 => self.be(1)? as usize,
                    0xc8 => self.be(2)? as usize,
                    _ => self.be(4)? as usize,
                };
                self.take(len + 1)?;
            }
            Kind::Reserved => return Err(self.unexpected(marker, "a value")),
        }
        Ok(())
    }

    fn seq<V: Visitor<'de>>(&mut self, len: usize, visitor: V) -> Result<V::Value, Error> {
        self.enter()?;
        let mut access = Items { de: self, left: len };
        let value = visitor.visit_seq(&mut access)?;
        let left = access.left;
        self.depth -= 1;
        if left == 0 {
            Ok(value)
        } else {
            Err(Error(format!("a list has {left} items too many")))
        }
    }

    fn map<V: Visitor<'de>>(&mut self, len: usize, visitor: V) -> Result<V::Value, Error> {
        self.enter()?;
        let mut access = Items { de: self, left: len };
        let value = visitor.visit_map(&mut access)?;
        let left = access.left;
        self.depth -= 1;
        if left == 0 {
            Ok(value)
        } else {
            Err(Error(format!("a record has {left} fields too many")))
        }
    }
}

/// The items of an array, or the entries of a map.
struct Items<'a, 'de> {
    de: &'a mut Reader<'de>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        // A damaged length must not make a visitor reserve gigabytes.
        Some(self.left.min(4096))
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.de)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left.min(4096))
    }
}

/// A variant written as `{name: value}`.
struct Variant<'a, 'de> {
    de: &'a mut Reader<'de>,
}

impl<'de> de::EnumAccess<'de> for Variant<'_, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let name = seed.deserialize(&mut *self.de)?;
        Ok((name, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        self.de.skip()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(&mut *self.de)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        let len = self.de.array_len()?;
        self.de.seq(len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        // Named (a map) or compact (an array), as for a struct.
        if matches!(kind_of(self.de.peek()?), Kind::Array) {
            let len = self.de.array_len()?;
            return self.de.seq(len, visitor);
        }
        let len = self.de.map_len()?;
        self.de.map(len, visitor)
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn is_human_readable(&self) -> bool {
        // rmp_serde writes decimals and dates as text either way; say what it says.
        false
    }

    /// Only for values whose type does not say what it expects (serde's own helpers).
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let marker = self.peek()?;
        match kind_of(marker) {
            Kind::Nil => {
                self.byte()?;
                visitor.visit_unit()
            }
            Kind::Bool(b) => {
                self.byte()?;
                visitor.visit_bool(b)
            }
            Kind::Uint | Kind::Int => match self.integer()? {
                Ok(u) => visitor.visit_u64(u),
                Err(i) => visitor.visit_i64(i),
            },
            Kind::Float => visitor.visit_f64(self.float()?),
            Kind::Str => visitor.visit_borrowed_str(self.str()?),
            Kind::Bin => visitor.visit_borrowed_bytes(self.bin()?),
            Kind::Array => {
                let len = self.array_len()?;
                self.seq(len, visitor)
            }
            Kind::Map => {
                let len = self.map_len()?;
                self.map(len, visitor)
            }
            Kind::Ext | Kind::Reserved => Err(self.unexpected(marker, "a value")),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.byte()? {
            0xc2 => visitor.visit_bool(false),
            0xc3 => visitor.visit_bool(true),
            marker => Err(self.unexpected(marker, "true or false")),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.integer()? {
            Ok(u) => visitor.visit_u64(u),
            Err(i) => visitor.visit_i64(i),
        }
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.float()?)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.str()?)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.str()?)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.str()?)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.str()?)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_bytes(self.bin()?)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_bytes(self.bin()?)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek()? == 0xc0 {
            self.byte()?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.byte()? {
            // nil, or the empty array rmp_serde writes for a unit struct.
            0xc0 | 0x90 => visitor.visit_unit(),
            marker => Err(self.unexpected(marker, "nothing (nil)")),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let len = self.array_len()?;
        self.seq(len, visitor)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _name: &'static str, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let len = self.map_len()?;
        self.map(len, visitor)
    }
    /// A record is read from either form rmp-serde writes: a map of field names to
    /// values (`to_vec_named`: store schema 1 and 2, the backup's path to JSON) or the
    /// compact array of the values in field order (`to_vec`: store schema 3). In the
    /// array, a field added at the end with `#[serde(default)]` may be missing.
    fn deserialize_struct<V: Visitor<'de>>(self, _name: &'static str, _fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        match kind_of(self.peek()?) {
            Kind::Array => self.deserialize_seq(visitor),
            _ => self.deserialize_map(visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(self, _name: &'static str, _variants: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        let marker = self.peek()?;
        match kind_of(marker) {
            // A unit variant: its name.
            Kind::Str => visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(self.str()?)),
            // Any other: `{name: value}`.
            Kind::Map => {
                if self.map_len()? != 1 {
                    return Err(Error("a choice (enum) must be written as one name and its value".into()));
                }
                self.enter()?;
                let value = visitor.visit_enum(Variant { de: self })?;
                self.depth -= 1;
                Ok(value)
            }
            _ => Err(self.unexpected(marker, "a choice (enum)")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip()?;
        visitor.visit_unit()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    enum Choice {
        Plain,
        Wrapped(u32),
        Pair(i8, String),
        Shaped { at: i64, why: Option<String> },
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Id(u32);

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Nothing;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Everything {
        small: u8,
        big: u64,
        negative: i64,
        flag: bool,
        text: String,
        empty: String,
        long_text: String,
        id: Id,
        nothing: Nothing,
        maybe: Option<u16>,
        some: Option<Vec<Choice>>,
        choices: Vec<Choice>,
        map: BTreeMap<String, i32>,
        pair: (u32, String),
        float: f64,
        #[serde(with = "serde_bytes_like")]
        bytes: Vec<u8>,
    }

    mod serde_bytes_like {
        use serde::{Deserializer, Serializer};
        pub fn serialize<S: Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(b)
        }
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
            struct V;
            impl serde::de::Visitor<'_> for V {
                type Value = Vec<u8>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("bytes")
                }
                fn visit_bytes<E>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                    Ok(v.to_vec())
                }
            }
            d.deserialize_bytes(V)
        }
    }

    fn everything() -> Everything {
        let mut map = BTreeMap::new();
        map.insert("a".to_string(), -5);
        map.insert("bb".to_string(), 70_000);
        Everything {
            small: 200,
            big: u64::MAX,
            negative: i64::MIN,
            flag: true,
            text: "Æøå €".into(),
            empty: String::new(),
            long_text: "x".repeat(70_000),
            id: Id(7),
            nothing: Nothing,
            maybe: None,
            some: Some(vec![Choice::Plain]),
            choices: vec![Choice::Plain, Choice::Wrapped(300), Choice::Pair(-3, "p".into()), Choice::Shaped { at: -40_000, why: Some("w".into()) }],
            map,
            pair: (1, "one".into()),
            float: 1.5,
            bytes: vec![0, 1, 255],
        }
    }

    #[test]
    fn reads_back_what_rmp_serde_writes() {
        let value = everything();
        let bytes = rmp_serde::to_vec_named(&value).unwrap();
        assert_eq!(from_slice::<Everything>(&bytes).unwrap(), value);
        // Lists of 16 and more items and maps of 16 and more entries use the longer headers.
        let many: Vec<Choice> = (0..70_000).map(Choice::Wrapped).collect();
        assert_eq!(from_slice::<Vec<Choice>>(&rmp_serde::to_vec_named(&many).unwrap()).unwrap(), many);
        let wide: BTreeMap<String, u8> = (0..40).map(|i| (format!("k{i}"), i)).collect();
        assert_eq!(from_slice::<BTreeMap<String, u8>>(&rmp_serde::to_vec_named(&wide).unwrap()).unwrap(), wide);
    }

    #[test]
    fn reads_the_compact_form_too() {
        // rmp_serde::to_vec: structs (and struct variants) as arrays of their values.
        let value = everything();
        let compact = rmp_serde::to_vec(&value).unwrap();
        assert!(compact.len() < rmp_serde::to_vec_named(&value).unwrap().len());
        assert_eq!(from_slice::<Everything>(&compact).unwrap(), value);
        for end in 0..compact.len().min(400) {
            let _ = from_slice::<Everything>(&compact[..end]);
        }
    }

    #[test]
    fn a_compact_record_from_before_a_field_was_appended_reads_with_the_default() {
        #[derive(Serialize)]
        struct Before {
            kept: u32,
            choice: Choice,
        }
        #[derive(Debug, PartialEq, Deserialize)]
        struct After {
            kept: u32,
            choice: Choice,
            #[serde(default)]
            appended: Vec<String>,
            #[serde(default)]
            also_appended: Option<u8>,
        }
        let bytes = rmp_serde::to_vec(&Before { kept: 4, choice: Choice::Shaped { at: 2, why: None } }).unwrap();
        assert_eq!(from_slice::<After>(&bytes).unwrap(), After { kept: 4, choice: Choice::Shaped { at: 2, why: None }, appended: vec![], also_appended: None });
        // A field missing that has no default is an error, not a guess.
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Required {
            kept: u32,
            choice: Choice,
            needed: u8,
        }
        assert!(from_slice::<Required>(&bytes).is_err());
    }

    #[test]
    fn unknown_fields_are_skipped_and_missing_defaults_filled() {
        #[derive(Serialize)]
        struct Newer {
            kept: u32,
            added: Vec<BTreeMap<String, Option<f64>>>,
            also: Choice,
        }
        #[derive(Debug, PartialEq, Deserialize)]
        struct Older {
            kept: u32,
            #[serde(default)]
            gone: String,
        }
        let mut inner = BTreeMap::new();
        inner.insert("x".to_string(), Some(2.5));
        let bytes = rmp_serde::to_vec_named(&Newer { kept: 9, added: vec![inner], also: Choice::Shaped { at: 1, why: None } }).unwrap();
        assert_eq!(from_slice::<Older>(&bytes).unwrap(), Older { kept: 9, gone: String::new() });
    }

    #[test]
    fn damaged_bytes_are_errors_not_panics() {
        let bytes = rmp_serde::to_vec_named(&everything()).unwrap();
        // Every prefix, and every single-byte change at a sample of places.
        for end in 0..bytes.len().min(400) {
            let _ = from_slice::<Everything>(&bytes[..end]);
        }
        for at in (0..bytes.len()).step_by(97) {
            for b in [0x00, 0x7f, 0xc0, 0xc1, 0xc4, 0xd9, 0xdc, 0xdd, 0xde, 0xdf, 0xff] {
                let mut bad = bytes.clone();
                bad[at] = b;
                let _ = from_slice::<Everything>(&bad);
            }
        }
        // A value nested beyond the limit.
        let deep = [vec![0x91u8; 10_000], vec![0xc0]].concat();
        assert!(from_slice::<serde::de::IgnoredAny>(&deep).is_err());
        // Trailing bytes and a wrong kind say so.
        assert!(from_slice::<u32>(&[0x01, 0x02]).unwrap_err().to_string().contains("left over"));
        assert!(from_slice::<String>(&[0x01]).unwrap_err().to_string().contains("expected a text"));
        assert!(from_slice::<u8>(&[0xcd, 0x01, 0x00]).is_err(), "256 does not fit a u8");
    }
}
