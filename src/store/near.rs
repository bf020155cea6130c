//! The near-duplicate candidate index: LSH band keys → article ids, held in memory.
//!
//! Band keys are hashes, so they land all over any ordered tree: kept in sled they made
//! every batch rewrite most of the band tree's pages (most of the store's size, memory
//! and commit time). The index is derived data: the first commit that needs it reads
//! the file a clean stop saved (`near_file`) or rebuilds it from the signatures
//! in the `links` tree, and a commit's changes reach it only after the transaction has succeeded.
//!
//! Most of it is sorted arrays of (key, id) pairs, one per value of the keys' top bits,
//! each pair six bytes: the key's other 16 bits and the id (9.6 MB for 100,000
//! articles; eight bytes a pair, the whole key and the id, took 12.8 MB). The latest
//! additions wait in a small hash map until they are a sixteenth as many, and are then
//! merged in. A hash table of all of it took 9 bytes a slot in power-of-two sizes, so 9
//! to 18 bytes a pair, and both tables for a moment while it doubled.
//!
//! Keys are band hashes cut to 28 bits: a false candidate is harmless, as every
//! candidate is compared by its full signature. At a million articles a new article's
//! sixteen keys meet about one of the sixteen million pairs by chance (at 32 bits, one
//! in sixteen articles did): one more signature read and compared.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use crate::annotate::Signature;

/// One change to the index, kept in commit order until the commit succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add(u32, u32),
    Remove(u32, u32),
}

/// The index's keys for a signature, one per band, each below `1 << KEY_BITS`.
pub fn keys(signature: &Signature) -> impl Iterator<Item = u32> {
    signature
        .bands()
        .into_iter()
        .map(|band| ((band >> 32) as u32 ^ band as u32) & KEY_MASK)
}

/// Bits of a key: its group's ([`GROUP_BITS`]), then the 16 a merged pair holds.
const KEY_BITS: u32 = GROUP_BITS + 16;
const KEY_MASK: u32 = (1 << KEY_BITS) - 1;

/// The id as stored in the index; ids past `u32::MAX - 1` (four billion articles) are
/// not indexed and so never offered as near duplicates.
pub fn slot(id: u64) -> Option<u32> {
    u32::try_from(id).ok().filter(|&id| id != GONE)
}

/// The id of a merged pair removed since the last merge.
const GONE: u32 = u32::MAX;
/// Merged pairs are kept in groups by their key's top bits, each its own small array:
/// merging into one large array reallocated all of it, and for that moment the index
/// took twice its size.
const GROUP_BITS: u32 = 12;
/// Fewer additions than this are never merged on their own.
const MIN_RECENT: usize = 4096;

fn pair(key: u32, id: u32) -> u64 {
    u64::from(key) << 32 | u64::from(id)
}

fn key_of(pair: u64) -> u32 {
    (pair >> 32) as u32
}

fn id_of(pair: u64) -> u32 {
    pair as u32
}

fn group_of(key: u32) -> usize {
    debug_assert!(
        key <= KEY_MASK,
        "key {key:#x} has more than {KEY_BITS} bits"
    );
    (key >> (KEY_BITS - GROUP_BITS)) as usize
}

/// A merged pair: the key's bits below its group's and the id, big-endian, so that a
/// group's pairs sort by key, then id. Six bytes, not the eight of a `u64`: an article
/// has sixteen of them, held in memory for as long as the store is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Packed([u8; 6]);

impl Packed {
    fn new(key: u32, id: u32) -> Packed {
        let ([k0, k1], [i0, i1, i2, i3]) = ((key as u16).to_be_bytes(), id.to_be_bytes());
        Packed([k0, k1, i0, i1, i2, i3])
    }

    /// The key's bits below its group's.
    fn low_key(self) -> u16 {
        u16::from_be_bytes([self.0[0], self.0[1]])
    }

    fn id(self) -> u32 {
        u32::from_be_bytes([self.0[2], self.0[3], self.0[4], self.0[5]])
    }
}

/// Builds an index at once (at the first commit after a start) with each pair held
/// once: filed straight into its group, each group then sorted and trimmed in turn. A
/// list of all the pairs, sorted, then copied into the groups held them two and three
/// times over at that moment (38 MB at 100,000 articles).
#[derive(Debug, Default)]
pub struct Builder(NearIndex);

impl Builder {
    pub fn add(&mut self, key: u32, id: u32) {
        if id != GONE {
            self.0.groups[group_of(key)].push(Packed::new(key, id));
        }
    }

    pub fn finish(self) -> NearIndex {
        let mut index = self.0;
        for group in &mut index.groups {
            group.sort_unstable();
            group.dedup();
            group.shrink_to_fit();
        }
        index.count_merged();
        index
    }
}

#[derive(Debug)]
pub struct NearIndex {
    /// Pairs in order, by the key's top bits; a removed pair's id is [`GONE`] until the
    /// next merge (which keeps the order by key).
    groups: Vec<Vec<Packed>>,
    /// Pairs in `groups`, and how many of them are [`GONE`].
    merged: usize,
    gone: usize,
    /// No merged pair has a larger id: a new article's are not looked for in `groups`.
    merged_max_id: u32,
    /// Added since the last merge: the first id of each key (almost every key has only
    /// one), then further ids.
    first: FxHashMap<u32, u32>,
    more: FxHashMap<u32, Vec<u32>>,
    /// Pairs in `first` and `more`.
    recent: usize,
}

impl Default for NearIndex {
    fn default() -> NearIndex {
        NearIndex {
            groups: vec![Vec::new(); 1 << GROUP_BITS],
            merged: 0,
            gone: 0,
            merged_max_id: 0,
            first: FxHashMap::default(),
            more: FxHashMap::default(),
            recent: 0,
        }
    }
}

impl NearIndex {
    pub fn apply(&mut self, op: Op) {
        match op {
            Op::Add(key, id) => self.add(key, id),
            Op::Remove(key, id) => self.remove(key, id),
        }
        if self.recent + self.gone > MIN_RECENT.max(self.merged / 16) {
            self.merge();
        }
    }

    fn add(&mut self, key: u32, id: u32) {
        if id == GONE
            || (id <= self.merged_max_id && self.merged_at(key).iter().any(|p| p.id() == id))
        {
            return;
        }
        match self.first.entry(key) {
            Entry::Vacant(v) => {
                v.insert(id);
            }
            Entry::Occupied(o) if *o.get() == id => return,
            Entry::Occupied(_) => {
                let more = self.more.entry(key).or_default();
                if more.contains(&id) {
                    return;
                }
                more.push(id);
            }
        }
        self.recent += 1;
    }

    fn remove(&mut self, key: u32, id: u32) {
        let group = &mut self.groups[group_of(key)];
        let range = Self::key_range(group, key);
        if let Some(p) = group[range].iter_mut().find(|p| p.id() == id) {
            *p = Packed::new(key, GONE);
            self.gone += 1;
            return;
        }
        let Entry::Occupied(mut first) = self.first.entry(key) else {
            return;
        };
        if *first.get() == id {
            match self.more.get_mut(&key).and_then(Vec::pop) {
                Some(next) => {
                    first.insert(next);
                }
                None => {
                    first.remove();
                }
            }
            self.recent -= 1;
        } else if let Some(more) = self.more.get_mut(&key)
            && let Some(at) = more.iter().position(|&x| x == id)
        {
            more.swap_remove(at);
            self.recent -= 1;
        }
        if self.more.get(&key).is_some_and(Vec::is_empty) {
            self.more.remove(&key);
        }
    }

    /// The ids filed under `key`.
    pub fn get(&self, key: u32) -> impl Iterator<Item = u32> + '_ {
        self.merged_at(key)
            .iter()
            .map(|p| p.id())
            .filter(|&id| id != GONE)
            .chain(self.first.get(&key).copied())
            .chain(self.more.get(&key).into_iter().flatten().copied())
    }

    /// `key`'s pairs in its group, removed ones included. Almost every key has one pair
    /// or none: its end is found by a step or two past its start, not a second search.
    fn key_range(group: &[Packed], key: u32) -> std::ops::Range<usize> {
        let low = key as u16;
        let start = group.partition_point(|p| p.low_key() < low);
        let len = group[start..]
            .iter()
            .take_while(|p| p.low_key() == low)
            .count();
        start..start + len
    }

    fn merged_at(&self, key: u32) -> &[Packed] {
        let group = &self.groups[group_of(key)];
        &group[Self::key_range(group, key)]
    }

    /// Moves the recent pairs into their groups, in place, and drops the removed.
    fn merge(&mut self) {
        // The maps are taken, not cleared: cleared ones would keep their largest size.
        let mut recent: Vec<u64> = Vec::with_capacity(self.recent);
        recent.extend(
            std::mem::take(&mut self.first)
                .into_iter()
                .map(|(key, id)| pair(key, id)),
        );
        for (key, ids) in std::mem::take(&mut self.more) {
            recent.extend(ids.into_iter().map(|id| pair(key, id)));
        }
        recent.sort_unstable();
        if self.gone > 0 {
            for group in &mut self.groups {
                group.retain(|p| p.id() != GONE);
            }
            self.merged -= self.gone;
            self.gone = 0;
        }
        for run in recent.chunk_by(|a, b| group_of(key_of(*a)) == group_of(key_of(*b))) {
            let group = &mut self.groups[group_of(key_of(run[0]))];
            let packed = |p: u64| Packed::new(key_of(p), id_of(p));
            // Merged from the back, so that the group only grows at its end.
            let (mut old, mut new) = (group.len(), run.len());
            group.reserve_exact(new);
            group.resize(old + new, Packed([0; 6]));
            while new > 0 {
                let at = old + new - 1;
                let incoming = packed(run[new - 1]);
                if old > 0 && group[old - 1] > incoming {
                    group[at] = group[old - 1];
                    old -= 1;
                } else {
                    group[at] = incoming;
                    new -= 1;
                }
            }
        }
        self.merged += recent.len();
        self.merged_max_id = (recent.iter().map(|&p| id_of(p))).fold(self.merged_max_id, u32::max);
        self.recent = 0;
    }

    /// Writes the index for [`NearIndex::read_from`]: the recent pairs are merged
    /// first, then each group is written as its length (`u32`, little-endian) and its
    /// pairs, six bytes each.
    pub fn write_to(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        if self.recent + self.gone > 0 {
            self.merge();
        }
        out.write_all(&(self.groups.len() as u32).to_le_bytes())?;
        for group in &self.groups {
            out.write_all(&(group.len() as u32).to_le_bytes())?;
            for pair in group {
                out.write_all(&pair.0)?;
            }
        }
        Ok(())
    }

    /// Reads what [`NearIndex::write_to`] wrote, of at most `max_pairs` pairs (so that
    /// a damaged length cannot ask for more memory than the file holds). `InvalidData`
    /// where the bytes are not an index: a group out of order, or a removed pair.
    pub fn read_from(
        input: &mut impl std::io::Read,
        max_pairs: usize,
    ) -> std::io::Result<NearIndex> {
        let invalid = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
        let mut word = [0; 4];
        let mut read_u32 = |input: &mut dyn std::io::Read| {
            input.read_exact(&mut word)?;
            Ok::<_, std::io::Error>(u32::from_le_bytes(word) as usize)
        };
        if read_u32(input)? != 1 << GROUP_BITS {
            return Err(invalid("not as many groups as this index has"));
        }
        let mut index = NearIndex::default();
        let mut bytes = Vec::new();
        let mut pairs = 0;
        for group in &mut index.groups {
            let len = read_u32(input)?;
            if len > max_pairs - pairs {
                return Err(invalid("more pairs than the file holds"));
            }
            bytes.resize(len * 6, 0);
            input.read_exact(&mut bytes)?;
            group.reserve_exact(len);
            group.extend(
                bytes
                    .chunks_exact(6)
                    .map(|b| Packed([b[0], b[1], b[2], b[3], b[4], b[5]])),
            );
            if !group.is_sorted() || group.iter().any(|p| p.id() == GONE) {
                return Err(invalid("a group out of order, or with a removed pair"));
            }
            pairs += len;
        }
        index.count_merged();
        Ok(index)
    }

    /// Counts the merged pairs, and finds their largest id, once the groups are filled
    /// (none of them removed).
    fn count_merged(&mut self) {
        self.merged = self.groups.iter().map(Vec::len).sum();
        self.merged_max_id = (self.groups.iter().flatten().map(|p| p.id())).fold(0, u32::max);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.merged - self.gone + self.recent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index of these pairs, built at once, as a start builds it.
    fn build(pairs: impl IntoIterator<Item = (u32, u32)>) -> NearIndex {
        let mut builder = Builder::default();
        for (key, id) in pairs {
            builder.add(key, id);
        }
        builder.finish()
    }

    /// A repeatable stream of pseudo-random numbers.
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// The index written and read back.
    fn written_and_read(index: &mut NearIndex) -> NearIndex {
        let mut bytes = Vec::new();
        index.write_to(&mut bytes).unwrap();
        NearIndex::read_from(&mut bytes.as_slice(), bytes.len() / 6).unwrap()
    }

    #[test]
    fn an_index_read_back_answers_as_the_one_written() {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let pairs: Vec<(u32, u32)> = (0..20_000)
            .map(|i| (next() as u32 & KEY_MASK, i / 16 + 1))
            .collect();
        let mut index = build(pairs.iter().copied());
        // Recent additions and removals, not merged yet, are written as merged.
        index.apply(Op::Add(pairs[5].0, 99_999));
        index.apply(Op::Remove(pairs[7].0, pairs[7].1));
        let keys: Vec<u32> = pairs.iter().map(|p| p.0).chain([pairs[5].0]).collect();
        let before: Vec<Vec<u32>> = keys.iter().map(|&k| ids(&index, k)).collect();
        assert!(before.iter().any(|ids| ids.contains(&99_999)));
        let read = written_and_read(&mut index);
        let after: Vec<Vec<u32>> = keys.iter().map(|&k| ids(&read, k)).collect();
        assert_eq!(before, after);
        assert_eq!(read.len(), index.len());
        assert_eq!(read.merged_max_id, 99_999);
        // An empty index too.
        assert_eq!(written_and_read(&mut NearIndex::default()).len(), 0);
    }

    #[test]
    fn bytes_that_are_not_an_index_are_refused() {
        let mut index = build([(1, 1), (2, 2), (KEY_MASK, 3)]);
        let mut bytes = Vec::new();
        index.write_to(&mut bytes).unwrap();
        let read = |bytes: &[u8], max: usize| NearIndex::read_from(&mut &bytes[..], max);
        assert!(read(&bytes, 3).is_ok());
        // Cut short; a length past what the file holds; pairs out of order.
        assert!(read(&bytes[..bytes.len() - 1], 3).is_err());
        assert!(read(&bytes, 2).is_err());
        let first = 8; // the group count, then the first group's length
        assert_eq!(&bytes[4..8], &2u32.to_le_bytes());
        let mut swapped = bytes.clone();
        swapped[first..first + 6].copy_from_slice(&Packed::new(2, 2).0);
        swapped[first + 6..first + 12].copy_from_slice(&Packed::new(1, 1).0);
        assert!(read(&swapped, 3).is_err());
        let mut gone = bytes.clone();
        gone[first..first + 6].copy_from_slice(&Packed::new(1, GONE).0);
        assert!(read(&gone, 3).is_err());
    }

    fn ids(index: &NearIndex, key: u32) -> Vec<u32> {
        let mut ids: Vec<u32> = index.get(key).collect();
        ids.sort();
        ids
    }

    /// Random additions and removals, many merges' worth, against a plain map of sets;
    /// and the same index built at once.
    #[test]
    fn the_index_answers_as_a_map_of_sets_through_merges() {
        use std::collections::{BTreeMap, BTreeSet};
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        // Keys spread over every top, few enough to collide; ids few enough to repeat.
        let keys: Vec<u32> = (0..3000).map(|_| next() as u32 & KEY_MASK).collect();
        let mut index = NearIndex::default();
        let mut model: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
        let mut merges = 0;
        for round in 0..120_000 {
            let key = keys[next() as usize % keys.len()];
            let id = (next() % 400) as u32 + 1;
            let merged_before = index.merged;
            if next().is_multiple_of(3) {
                index.apply(Op::Remove(key, id));
                model.entry(key).or_default().remove(&id);
            } else {
                index.apply(Op::Add(key, id));
                model.entry(key).or_default().insert(id);
            }
            if index.recent == 0 && index.merged != merged_before {
                merges += 1;
            }
            if round % 997 == 0 {
                for key in keys.iter().step_by(7) {
                    let mut got: Vec<u32> = index.get(*key).collect();
                    got.sort();
                    let want: Vec<u32> = model.get(key).into_iter().flatten().copied().collect();
                    assert_eq!(got, want, "key {key} at round {round}");
                }
                let pairs: usize = model.values().map(BTreeSet::len).sum();
                assert_eq!(index.len(), pairs, "at round {round}");
            }
        }
        assert!(merges >= 5, "{merges} merges");
        // Each pair given twice: the index holds it once.
        let pairs: Vec<(u32, u32)> = model
            .iter()
            .flat_map(|(&key, ids)| ids.iter().map(move |&id| (key, id)))
            .collect();
        let built = build(pairs.iter().chain(&pairs).copied());
        for key in &keys {
            let mut got: Vec<u32> = built.get(*key).collect();
            got.sort();
            let mut also: Vec<u32> = index.get(*key).collect();
            also.sort();
            assert_eq!(got, also);
        }
        assert_eq!(built.len(), index.len());
        // Pairs it already holds, added again to the built index, are not held twice.
        let mut built = built;
        for &(key, id) in pairs.iter().step_by(3) {
            built.apply(Op::Add(key, id));
        }
        assert_eq!(built.len(), index.len());
    }

    #[test]
    fn keys_hold_several_ids_and_forget_them_one_by_one() {
        let mut index = NearIndex::default();
        for op in [
            Op::Add(7, 1),
            Op::Add(7, 2),
            Op::Add(7, 3),
            Op::Add(7, 2),
            Op::Add(9, 1),
        ] {
            index.apply(op);
        }
        assert_eq!(ids(&index, 7), [1, 2, 3]);
        assert_eq!(index.len(), 4);
        index.apply(Op::Remove(7, 1));
        assert_eq!(ids(&index, 7), [2, 3]);
        index.apply(Op::Remove(7, 3));
        index.apply(Op::Remove(7, 4));
        assert_eq!(ids(&index, 7), [2]);
        index.apply(Op::Remove(7, 2));
        assert_eq!(ids(&index, 7), Vec::<u32>::new());
        assert_eq!(ids(&index, 9), [1]);
        assert_eq!(index.len(), 1);
        assert!(index.more.is_empty());
    }
}
