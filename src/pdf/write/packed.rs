//! Object streams (ISO 32000-1, 7.5.7): objects other than streams, spelled as they are made,
//! gathered [`PER_STREAM`] to a stream and deflated as soon as enough streams are full.
//!
//! A tagged table has hundreds of thousands of small structure elements: held as bytes in
//! compressed chunks they take a fraction of the file's size in memory. Each chunk is deflated
//! on its own, so chunks compress in parallel and the bytes do not depend on the threads.

use crate::pdf::deflate::deflate;
use crate::pdf::error::WriteError;
use rayon::prelude::*;
use std::io::Write;

/// Objects per object stream: large enough that deflate finds the repeats among them, small
/// enough that a reader unpacks little to reach one.
const PER_STREAM: usize = 128;
/// Full chunks deflated together, in parallel.
const BATCH: usize = 32;

/// One object stream's objects, uncompressed: their numbers and where each starts in `body`.
#[derive(Default)]
struct Chunk {
    numbers: Vec<u32>,
    offsets: Vec<usize>,
    body: Vec<u8>,
}

/// A finished object stream: its objects' numbers, the offset of the first object in the
/// decompressed data (/First) and the deflated data.
pub(crate) struct Packed {
    pub numbers: Vec<u32>,
    pub first: usize,
    pub data: Vec<u8>,
}

/// The object streams made so far.
#[derive(Default)]
pub(crate) struct ObjectStreams {
    filling: Chunk,
    full: Vec<Chunk>,
    packed: Vec<Packed>,
}

impl ObjectStreams {
    /// Adds object `number`, which `spell` writes.
    pub(crate) fn add(
        &mut self,
        number: u32,
        spell: impl FnOnce(&mut Vec<u8>),
    ) -> Result<(), WriteError> {
        let chunk = &mut self.filling;
        if !chunk.body.is_empty() {
            chunk.body.push(b'\n');
        }
        chunk.numbers.push(number);
        chunk.offsets.push(chunk.body.len());
        spell(&mut chunk.body);
        if chunk.numbers.len() == PER_STREAM {
            self.full.push(std::mem::take(&mut self.filling));
            if self.full.len() == BATCH {
                self.deflate_full()?;
            }
        }
        Ok(())
    }

    /// Every object stream, in the order their objects were added.
    pub(crate) fn finish(mut self) -> Result<Vec<Packed>, WriteError> {
        if !self.filling.numbers.is_empty() {
            self.full.push(std::mem::take(&mut self.filling));
        }
        self.deflate_full()?;
        Ok(self.packed)
    }

    fn deflate_full(&mut self) -> Result<(), WriteError> {
        let packed: Result<Vec<Packed>, WriteError> = self.full.par_drain(..).map(pack).collect();
        self.packed.extend(packed?);
        Ok(())
    }
}

/// The object stream of `chunk`: the pairs of number and offset, then the objects, deflated.
fn pack(chunk: Chunk) -> Result<Packed, WriteError> {
    let mut header = Vec::with_capacity(chunk.numbers.len() * 12);
    for (number, offset) in chunk.numbers.iter().zip(&chunk.offsets) {
        let _ = write!(header, "{number} {offset} ");
    }
    header.push(b'\n');
    let data = deflate(&[&header, &chunk.body]).map_err(WriteError::Compress)?;
    Ok(Packed {
        numbers: chunk.numbers,
        first: header.len(),
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::ZlibDecoder;
    use std::io::Read;

    fn packed_with(threads: usize) -> Vec<(Vec<u32>, usize, Vec<u8>)> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        pool.install(|| {
            let mut streams = ObjectStreams::default();
            for n in 1..=(PER_STREAM * BATCH + 5) as u32 {
                streams
                    .add(n, |out| {
                        out.extend_from_slice(format!("<</N {n}>>").as_bytes())
                    })
                    .expect("adds");
            }
            let packed = streams.finish().expect("finishes");
            packed
                .into_iter()
                .map(|p| (p.numbers, p.first, p.data))
                .collect()
        })
    }

    #[test]
    fn the_bytes_do_not_depend_on_the_threads() {
        let one = packed_with(1);
        assert_eq!(one, packed_with(2));
        assert_eq!(one.len(), BATCH + 1, "full streams, then the rest");
        let (numbers, first, data) = &one[1];
        assert_eq!(numbers.len(), PER_STREAM);
        let mut plain = Vec::new();
        ZlibDecoder::new(&data[..])
            .read_to_end(&mut plain)
            .expect("inflates");
        let header = String::from_utf8_lossy(&plain[..*first]).into_owned();
        let pairs: Vec<usize> = header
            .split_whitespace()
            .map(|t| t.parse().expect("number"))
            .collect();
        assert_eq!(pairs[0], PER_STREAM + 1, "the second stream's first object");
        let second = &plain[first + pairs[3]..];
        assert!(second.starts_with(format!("<</N {}>>", PER_STREAM + 2).as_bytes()));
    }
}
