//! Splitting an archive across machines without a scheduler: `--shard K/N` keeps the articles
//! whose path hashes to K of N, so N runs of the same command (one per machine, from any job
//! runner) build every article exactly once. It only selects; it never builds.

use super::Input;
use sha2::{Digest, Sha256};
use std::path::Component;

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// Parses `K/N` with 1 ≤ K ≤ N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let usage = || format!("expected K/N with 1 <= K <= N (e.g. 2/8), not `{text}`");
        let (k, n) = text.split_once('/').ok_or_else(usage)?;
        let index: u64 = k.trim().parse().map_err(|_| usage())?;
        let count: u64 = n.trim().parse().map_err(|_| usage())?;
        if index == 0 || index > count {
            return Err(usage());
        }
        Ok(Shard { index, count })
    }

    /// Whether `input` belongs to this shard. The hash is of the output path below the output
    /// folder (the input's path relative to the folder argument), with `/` between components,
    /// so machines that mount the archive at different places, or run another OS, agree.
    pub fn contains(&self, input: &Input) -> bool {
        let key: Vec<String> = input
            .out_stem
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let digest = Sha256::digest(key.join("/").as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % self.count == self.index - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn input(stem: &str) -> Input {
        Input {
            path: PathBuf::from("/somewhere").join(stem).with_extension("md"),
            out_stem: stem.into(),
        }
    }

    #[test]
    fn shards_partition_the_inputs() {
        let inputs: Vec<Input> = (0..200).map(|i| input(&format!("desk/{i}"))).collect();
        let shards: Vec<Shard> = (1..=3)
            .map(|k| Shard::parse(&format!("{k}/3")).unwrap())
            .collect();
        for input in &inputs {
            let owners = shards.iter().filter(|s| s.contains(input)).count();
            assert_eq!(owners, 1, "{:?}", input.out_stem);
        }
        for shard in &shards {
            let share = inputs.iter().filter(|i| shard.contains(i)).count();
            assert!((40..=95).contains(&share), "{shard:?} has {share} of 200");
        }
    }

    #[test]
    fn the_hash_ignores_where_the_archive_is_mounted() {
        let shard = Shard::parse("1/2").unwrap();
        let a = input("2026/10/river");
        let b = Input {
            path: PathBuf::from("/mnt/other/archive/2026/10/river.md"),
            ..a.clone()
        };
        assert_eq!(shard.contains(&a), shard.contains(&b));
        assert!(Shard::parse("1/1").unwrap().contains(&a));
    }

    /// Machines running different builds of folio must agree, so the hash is pinned: the
    /// shard is 1 + (the first 8 bytes of SHA-256, big-endian) mod N.
    #[test]
    fn the_hash_is_stable() {
        for (stem, k) in [("2026/10/river", 5), ("news/story-00", 6), ("a", 5)] {
            let shard = Shard::parse(&format!("{k}/7")).unwrap();
            assert!(shard.contains(&input(stem)), "{stem}");
        }
    }

    #[test]
    fn bad_shards_are_refused() {
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/3", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Shard::parse(" 2/ 3").unwrap(), Shard { index: 2, count: 3 });
    }
}
