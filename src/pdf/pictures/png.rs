//! PNG files the PDF can take without decoding them: a PNG's image data is a zlib stream of
//! filtered rows, which is what a PDF's FlateDecode with the PNG predictor reads. That holds for
//! 8-bit grey or RGB without interlacing or transparency; anything else (palettes, alpha, 16 bits,
//! Adam7) is decoded as before. The image was already decoded once by the image check, so a
//! damaged file never gets this far.

use super::colour::Colour;

const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A PNG's compressed rows as they are, and what the PDF needs to read them.
pub(super) struct PngRows {
    pub width: u32,
    pub height: u32,
    pub colour: Colour,
    /// The IDAT chunks' data, joined.
    pub data: Vec<u8>,
}

/// The rows of `bytes` when the PDF can take them unchanged.
pub(super) fn rows(bytes: &[u8]) -> Option<PngRows> {
    let mut rest = bytes.strip_prefix(SIGNATURE)?;
    let mut header = None;
    let mut data = Vec::new();
    while rest.len() >= 12 {
        let length = u32::from_be_bytes(rest[..4].try_into().ok()?) as usize;
        let kind = &rest[4..8];
        let body = rest.get(8..8 + length)?;
        match kind {
            b"IHDR" => header = Some(Header::read(body)?),
            // Transparency for grey or RGB needs a soft mask: decode.
            b"tRNS" => return None,
            b"IDAT" => data.extend_from_slice(body),
            b"IEND" => break,
            _ => {}
        }
        rest = rest.get(8 + length + 4..)?; // past the CRC
    }
    let header = header?;
    (!data.is_empty()).then_some(PngRows {
        width: header.width,
        height: header.height,
        colour: header.colour,
        data,
    })
}

/// What IHDR says, when it is a form the PDF reads as it is.
struct Header {
    width: u32,
    height: u32,
    colour: Colour,
}

impl Header {
    fn read(body: &[u8]) -> Option<Header> {
        let [
            w0,
            w1,
            w2,
            w3,
            h0,
            h1,
            h2,
            h3,
            depth,
            colour,
            compression,
            filter,
            interlace,
        ] = *body
        else {
            return None;
        };
        let colour = match colour {
            0 => Colour::Gray,
            2 => Colour::Rgb,
            _ => return None,
        };
        (depth == 8 && compression == 0 && filter == 0 && interlace == 0).then_some(Header {
            width: u32::from_be_bytes([w0, w1, w2, w3]),
            height: u32::from_be_bytes([h0, h1, h2, h3]),
            colour,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `width`×1 pixels of `colour_type` written by the `image` crate's encoder.
    fn png(colour: image::ExtendedColorType, pixels: &[u8], width: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::ImageEncoder::write_image(
            image::codecs::png::PngEncoder::new(&mut bytes),
            pixels,
            width,
            1,
            colour,
        )
        .unwrap();
        bytes
    }

    #[test]
    fn grey_and_rgb_rows_are_taken_as_they_are() {
        let rgb = rows(&png(image::ExtendedColorType::Rgb8, &[1, 2, 3, 4, 5, 6], 2)).unwrap();
        assert_eq!((rgb.width, rgb.height, rgb.colour), (2, 1, Colour::Rgb));
        // The joined IDAT data inflates to one row: its filter byte and six samples.
        let mut inflated = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::ZlibDecoder::new(&rgb.data[..]),
            &mut inflated,
        )
        .unwrap();
        assert_eq!(inflated.len(), 7);
        let grey = rows(&png(image::ExtendedColorType::L8, &[9, 8, 7], 3)).unwrap();
        assert_eq!((grey.width, grey.colour), (3, Colour::Gray));
    }

    #[test]
    fn alpha_and_damaged_files_are_left_to_the_decoder() {
        assert!(rows(&png(image::ExtendedColorType::Rgba8, &[1, 2, 3, 4], 1)).is_none());
        assert!(rows(&png(image::ExtendedColorType::L16, &[0, 1], 1)).is_none());
        let whole = png(image::ExtendedColorType::Rgb8, &[1, 2, 3], 1);
        assert!(rows(&whole[..20]).is_none(), "cut inside IHDR");
        assert!(rows(b"GIF89a").is_none());
    }
}
