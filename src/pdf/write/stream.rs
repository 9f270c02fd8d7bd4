//! Content-stream syntax written straight into bytes: exactly what lopdf's `Content::encode`
//! writes for the same operations (each operation on a line of its own, every operand followed
//! by one space), without an `Object` per operand, a `Vec` per operation or a formatter call per
//! byte. Pages are encoded on every run, and a long book draws millions of glyphs.

use super::syntax::{self, number};
use lopdf::Object;
use lopdf::content::{Content, Operation};

/// Upper-case hexadecimal digits, as lopdf writes hex strings.
const HEX: &[u8; 16] = b"0123456789ABCDEF";
/// A content stream being written, one operation after the other.
#[derive(Default)]
pub(super) struct Ops {
    out: Vec<u8>,
}

impl Ops {
    /// The stream's bytes.
    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    /// Starts an operation: its operands and then its operator follow.
    pub(super) fn begin(&mut self) -> &mut Self {
        if !self.out.is_empty() {
            self.out.push(b'\n');
        }
        self
    }

    /// A number operand.
    pub(super) fn number(&mut self, v: f32) -> &mut Self {
        number(&mut self.out, v);
        self.out.push(b' ');
        self
    }

    /// Number operands.
    pub(super) fn numbers(&mut self, values: &[f32]) -> &mut Self {
        for &v in values {
            self.number(v);
        }
        self
    }

    /// A name operand (`/name`).
    pub(super) fn name(&mut self, name: &str) -> &mut Self {
        syntax::name(&mut self.out, name.as_bytes());
        self.out.push(b' ');
        self
    }

    /// The dictionary `<</MCID n>>` of marked content that belongs to a structure element.
    pub(super) fn mcid(&mut self, mcid: usize) -> &mut Self {
        self.out.extend_from_slice(b"<</MCID ");
        self.out
            .extend_from_slice(itoa::Buffer::new().format(mcid).as_bytes());
        self.out.extend_from_slice(b">> ");
        self
    }

    /// Any other operand, written by lopdf itself (rare ones: property lists with text).
    pub(super) fn object(&mut self, object: Object) -> &mut Self {
        let operations = vec![Operation::new("", vec![object])];
        self.out
            .extend(Content { operations }.encode().unwrap_or_default());
        self
    }

    /// A text array being built ([`TextArray`]) as one operand: a lone string is shown with
    /// `Tj`, anything with numbers in it with `TJ`.
    pub(super) fn show(&mut self, text: &mut TextArray) {
        text.close();
        match text.items {
            0 => return,
            1 if text.lone_string => {
                self.begin().out.extend_from_slice(&text.body);
                self.out.push(b' ');
                self.operator("Tj");
            }
            _ => {
                self.begin().out.push(b'[');
                self.out.extend_from_slice(&text.body);
                self.out.push(b']');
                self.out.push(b' ');
                self.operator("TJ");
            }
        }
        text.body.clear();
        text.items = 0;
        text.lone_string = false;
    }

    /// Ends the operation begun last.
    pub(super) fn operator(&mut self, operator: &str) {
        self.out.extend_from_slice(operator.as_bytes());
    }

    /// An operation without operands.
    pub(super) fn op(&mut self, operator: &str) {
        self.begin().operator(operator);
    }
}

/// The array of a `TJ` (or the string of a `Tj`) while it is built: glyph codes as hex strings
/// and pen moves as numbers, written as they come. Kept and reused between arrays.
#[derive(Default)]
pub(super) struct TextArray {
    body: Vec<u8>,
    items: usize,
    /// The first item is a string.
    lone_string: bool,
    /// A string is open: codes go into it.
    open: bool,
}

impl TextArray {
    /// A glyph code (two bytes) at the end of the open string, or of a new one.
    pub(super) fn code(&mut self, code: u16) {
        if !self.open {
            self.body.push(b'<');
            self.lone_string = self.items == 0;
            self.items += 1;
            self.open = true;
        }
        for byte in code.to_be_bytes() {
            self.body.push(HEX[usize::from(byte >> 4)]);
            self.body.push(HEX[usize::from(byte & 15)]);
        }
    }

    /// A number (a pen move) after what is there.
    pub(super) fn number(&mut self, v: f32) {
        self.close();
        if self.items > 0 {
            self.body.push(b' ');
        }
        number(&mut self.body, v);
        self.items += 1;
    }

    /// Ends the open string, if any.
    pub(super) fn close(&mut self) {
        if self.open {
            self.body.push(b'>');
            self.open = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(v: f32) -> String {
        let mut out = Vec::new();
        number(&mut out, v);
        String::from_utf8(out).expect("ASCII")
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        // Every value the stream rounds to two or three decimals over its range, and some that
        // are not rounded at all.
        for n in (-3_300_000i64..3_300_000).step_by(7) {
            let v = (n as f64 / 100.0) as f32;
            assert_eq!(written(v), v.to_string(), "{n}/100");
        }
        for n in -20_000i64..20_000 {
            let v = (n as f64 / 1000.0) as f32;
            assert_eq!(written(v), v.to_string(), "{n}/1000");
        }
        for v in [
            0.0,
            -0.0,
            1e-7,
            0.1 + 0.2,
            1.0 / 3.0,
            65_536.5,
            -1e9,
            123_456.79,
        ] {
            assert_eq!(written(v), v.to_string());
        }
    }

    #[test]
    fn operations_are_encoded_as_lopdf_encodes_them() {
        let mut ops = Ops::default();
        ops.begin().name("F1").number(10.5).operator("Tf");
        ops.begin()
            .numbers(&[1.0, 0.0, 0.0, 1.0, 72.25, -3.0])
            .operator("Tm");
        let mut text = TextArray::default();
        text.code(0x0102);
        text.number(-12.5);
        text.code(0xABCD);
        text.code(0x0001);
        text.close();
        ops.show(&mut text);
        text.code(7);
        text.close();
        ops.show(&mut text);
        ops.begin().name("P").mcid(3).operator("BDC");
        ops.begin().name("a b").operator("BMC");
        ops.op("EMC");
        let string =
            |bytes: &[u8]| Object::String(bytes.to_vec(), lopdf::StringFormat::Hexadecimal);
        let operations = vec![
            Operation::new("Tf", vec![Object::Name(b"F1".to_vec()), Object::Real(10.5)]),
            Operation::new(
                "Tm",
                [1.0, 0.0, 0.0, 1.0, 72.25, -3.0].map(Object::Real).to_vec(),
            ),
            Operation::new(
                "TJ",
                vec![Object::Array(vec![
                    string(&[1, 2]),
                    Object::Real(-12.5),
                    string(&[0xAB, 0xCD, 0, 1]),
                ])],
            ),
            Operation::new("Tj", vec![string(&[0, 7])]),
            Operation::new(
                "BDC",
                vec![
                    Object::Name(b"P".to_vec()),
                    Object::Dictionary(lopdf::Dictionary::from_iter([(
                        "MCID",
                        Object::Integer(3),
                    )])),
                ],
            ),
            Operation::new("BMC", vec![Object::Name(b"a b".to_vec())]),
            Operation::new("EMC", Vec::new()),
        ];
        let expected = Content { operations }.encode().expect("encodes");
        assert_eq!(
            String::from_utf8(ops.into_bytes()).expect("ASCII"),
            String::from_utf8(expected).expect("ASCII")
        );
    }
}
