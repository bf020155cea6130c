//! The near-duplicate candidate index: LSH band keys → article ids, held in memory.
//!
//! Band keys are hashes, so they land all over any ordered tree: kept in sled they made
//! every batch rewrite most of the band tree's pages (most of the store's size, memory
//! and commit time). The index is derived data: it is rebuilt from the `signatures`
//! tree when the first commit needs it, and a commit's changes reach it only after the
//! transaction has succeeded. Eight bytes per band of each article (about 13 MB for
//! 100,000 articles).
//!
//! Keys are band hashes cut to 32 bits: a rare false candidate is harmless, as every
//! candidate is compared by its full signature.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use crate::annotate::Signature;

/// One change to the index, kept in commit order until the commit succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add(u32, u32),
    Remove(u32, u32),
}

#[derive(Debug, Default)]
pub struct NearIndex {
    /// The first id with a key: almost every key has only one.
    first: FxHashMap<u32, u32>,
    /// Further ids with the same key (articles that share a band).
    more: FxHashMap<u32, Vec<u32>>,
}

/// The index's keys for a signature, one per band.
pub fn keys(signature: &Signature) -> impl Iterator<Item = u32> {
    signature
        .bands()
        .into_iter()
        .map(|band| (band >> 32) as u32 ^ band as u32)
}

/// The id as stored in the index; ids past `u32::MAX` (four billion articles) are not
/// indexed and so never offered as near duplicates.
pub fn slot(id: u64) -> Option<u32> {
    u32::try_from(id).ok()
}

impl NearIndex {
    pub fn apply(&mut self, op: Op) {
        match op {
            Op::Add(key, id) => self.add(key, id),
            Op::Remove(key, id) => self.remove(key, id),
        }
    }

    fn add(&mut self, key: u32, id: u32) {
        match self.first.entry(key) {
            Entry::Vacant(v) => {
                v.insert(id);
            }
            Entry::Occupied(o) if *o.get() == id => {}
            Entry::Occupied(_) => {
                let more = self.more.entry(key).or_default();
                if !more.contains(&id) {
                    more.push(id);
                }
            }
        }
    }

    fn remove(&mut self, key: u32, id: u32) {
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
        } else if let Some(more) = self.more.get_mut(&key) {
            more.retain(|&x| x != id);
        }
        if self.more.get(&key).is_some_and(Vec::is_empty) {
            self.more.remove(&key);
        }
    }

    /// The ids filed under `key`.
    pub fn get(&self, key: u32) -> impl Iterator<Item = u32> + '_ {
        self.first
            .get(&key)
            .into_iter()
            .chain(self.more.get(&key).into_iter().flatten())
            .copied()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.first.len() + self.more.values().map(Vec::len).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(index: &NearIndex, key: u32) -> Vec<u32> {
        let mut ids: Vec<u32> = index.get(key).collect();
        ids.sort();
        ids
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
