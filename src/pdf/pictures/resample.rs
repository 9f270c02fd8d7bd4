//! Rasters much finer than print can show are averaged down before they are compressed: a
//! 3000-pixel-wide screenshot set across a 5-inch measure prints at 600 dpi, and at 300 dpi no
//! press or eye sees the difference, while the file, the compression time and the memory
//! shrink with the square of the ratio. Each new pixel is the mean of the area of old pixels
//! it covers (a box filter, the right one for shrinking), in fixed point, one direction at a
//! time.

use crate::style::PT_PER_IN;

/// The resolution an image keeps, at the largest size it can be drawn.
pub(crate) const PRINT_DPI: f32 = 300.0;
/// Images with less to spare are left alone: the saving would be small, and every
/// resampling softens a little.
const SPARE: f32 = 1.5;
/// Fixed-point weights: the weights of one new pixel add up to this.
const ONE: u32 = 1 << 14;
/// Bits kept between the two passes beyond a sample's 8.
const EXTRA: u32 = 8;

/// The width in pixels to shrink an image `pixels_wide` wide to, if it is drawn at most
/// `widest` points wide and has resolution to spare.
pub(crate) fn target_width(pixels_wide: u32, widest: f32) -> Option<u32> {
    let needed = (widest / PT_PER_IN * PRINT_DPI).ceil();
    (needed >= 1.0 && pixels_wide as f32 >= needed * SPARE).then_some(needed as u32)
}

/// `samples` (`width`×`height` pixels of `channels` 8-bit samples, 1 to 4) shrunk to
/// `new_width` pixels wide, the height in proportion. Returns the samples and the new height.
pub(crate) fn shrink(
    samples: &[u8],
    width: u32,
    height: u32,
    channels: usize,
    new_width: u32,
) -> (Vec<u8>, u32) {
    let (w, h) = (width as usize, height as usize);
    let new_w = (new_width as usize).clamp(1, w);
    let new_h = ((h * new_w + w / 2) / w).clamp(1, h);
    // Down first, whole rows at a time (which vectorizes), keeping EXTRA bits of precision;
    // then that row across, back to 8 bits.
    let line = w * channels;
    let across = Taps::new(w, new_w);
    let down = Taps::new(h, new_h);
    let mut out = vec![0u8; new_h * new_w * channels];
    let mut sums = vec![0u32; line];
    let mut tall = vec![0u16; line];
    let shift = 14 - EXTRA;
    let rows = down.first.iter().zip(down.weights.chunks_exact(down.span));
    for ((&first, weights), target) in rows.zip(out.chunks_exact_mut(new_w * channels)) {
        sums.fill(0);
        for (i, &wt) in weights.iter().enumerate() {
            let row = &samples[(first + i) * line..][..line];
            for (s, &v) in sums.iter_mut().zip(row) {
                *s += u32::from(v) * wt;
            }
        }
        for (t, &s) in tall.iter_mut().zip(&sums) {
            *t = ((s + (1 << (shift - 1))) >> shift) as u16;
        }
        match channels {
            1 => across_row::<1>(&tall, &across, target),
            2 => across_row::<2>(&tall, &across, target),
            3 => across_row::<3>(&tall, &across, target),
            _ => across_row::<4>(&tall, &across, target),
        }
    }
    (out, new_h as u32)
}

/// One row of `N`-sample pixels shrunk across by `taps` into `out`.
fn across_row<const N: usize>(row: &[u16], taps: &Taps, out: &mut [u8]) {
    let shift = 14 + EXTRA;
    let pixels = taps.first.iter().zip(taps.weights.chunks_exact(taps.span));
    for ((&first, weights), pixel) in pixels.zip(out.chunks_exact_mut(N)) {
        let mut sum = [0u32; N];
        let source = &row[first * N..(first + taps.span) * N];
        for (input, &wt) in source.chunks_exact(N).zip(weights) {
            for c in 0..N {
                sum[c] += u32::from(input[c]) * wt;
            }
        }
        for c in 0..N {
            pixel[c] = ((sum[c] + (1 << (shift - 1))) >> shift) as u8;
        }
    }
}

/// For each new pixel, the first old one it takes from and the weights of `span` old ones
/// from there, adding up to [`ONE`]: all the same length (zeros pad the short ones), so the
/// loops over them have no bounds to look up.
struct Taps {
    first: Vec<usize>,
    weights: Vec<u32>,
    span: usize,
}

impl Taps {
    fn new(from: usize, to: usize) -> Taps {
        let ratio = from as f64 / to as f64;
        let covers: Vec<(usize, Vec<u32>)> = (0..to)
            .map(|i| {
                let (begin, end) = (i as f64 * ratio, ((i + 1) as f64 * ratio).min(from as f64));
                let first = begin.floor() as usize;
                let last = (end.ceil() as usize).clamp(first + 1, from);
                let mut weights: Vec<u32> = (first..last)
                    .map(|j| {
                        let cover = end.min(j as f64 + 1.0) - begin.max(j as f64);
                        (cover.max(0.0) / ratio * f64::from(ONE)).round() as u32
                    })
                    .collect();
                // Rounding may leave the sum a unit off: the largest weight takes the
                // difference.
                let sum: u32 = weights.iter().sum();
                if let Some(most) = weights.iter_mut().max() {
                    *most = (*most + ONE).saturating_sub(sum);
                }
                (first, weights)
            })
            .collect();
        let span = covers.iter().map(|(_, w)| w.len()).max().unwrap_or(1);
        let mut taps = Taps {
            first: Vec::with_capacity(to),
            weights: Vec::with_capacity(to * span),
            span,
        };
        for (first, weights) in covers {
            // Padded after, or before where that would run past the last old pixel.
            let start = first.min(from - span);
            let before = first - start;
            taps.first.push(start);
            taps.weights.extend(std::iter::repeat_n(0, before));
            taps.weights.extend(&weights);
            taps.weights
                .extend(std::iter::repeat_n(0, span - before - weights.len()));
        }
        taps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_images_with_resolution_to_spare_shrink() {
        // 5 inches wide: 1500 pixels are needed.
        assert_eq!(target_width(3013, 360.0), Some(1500));
        assert_eq!(target_width(2000, 360.0), None);
        assert_eq!(target_width(200, 360.0), None);
    }

    #[test]
    fn new_pixels_average_the_area_they_cover() {
        // 4×2 gray to 2×1: plain 2×2 blocks.
        let (out, h) = shrink(&[0, 10, 100, 200, 20, 30, 50, 50], 4, 2, 1, 2);
        assert_eq!((out, h), (vec![15, 100], 1));
        // 3 to 2 across: the middle pixel is shared half and half.
        let (out, _) = shrink(&[0, 90, 180], 3, 1, 1, 2);
        assert_eq!(out, [30, 150]);
        // Channels stay apart; a flat image stays flat.
        let (out, h) = shrink(&[7, 255].repeat(9), 3, 3, 2, 2);
        assert_eq!((out, h), ([7, 255].repeat(4), 2));
    }
}
