//! The near-duplicate index saved in the store's folder at a clean stop, so that the
//! next start reads it back instead of rebuilding it from every stored signature (which
//! at 100,000 articles took about 0.4 s and 60 MB more memory, sled reading the whole
//! tree of signatures through its cache; they are in the `links` tree since schema 6).
//!
//! The file holds the store's [`Stamp`] when it was written. It is used only if the
//! store still has that stamp: any change to an article is journaled, and so moves the
//! journal's sequence, whichever build of articled made it. A file written before a
//! crash, or before changes made without it, is stale and passed over; a damaged one
//! fails its checksum. Either way the index is rebuilt from the signatures, as without
//! the file.
//!
//! Layout: [`MAGIC`], [`FORMAT`] (`u32`), the stamp (`u32`, `u64`, `u64`), the index
//! ([`NearIndex::write_to`]), then the BLAKE3 hash of everything before it. Integers
//! are little-endian.

use std::fs::File;
use std::io::{BufReader, BufWriter, ErrorKind, Read, Write};
use std::path::Path;

use super::near::NearIndex;

const MAGIC: &[u8; 8] = b"ARTDNEAR";
const FORMAT: u32 = 1;
/// The magic, the format and the stamp.
const HEADER_LEN: u64 = 8 + 4 + 4 + 8 + 8;
const HASH_LEN: u64 = 32;

/// What the store was when the index was saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub schema: u32,
    /// The journal's last sequence number.
    pub seq: u64,
    /// The next article id.
    pub next_id: u64,
}

impl Stamp {
    fn to_bytes(self) -> [u8; 20] {
        let mut bytes = [0; 20];
        bytes[..4].copy_from_slice(&self.schema.to_le_bytes());
        bytes[4..12].copy_from_slice(&self.seq.to_le_bytes());
        bytes[12..].copy_from_slice(&self.next_id.to_le_bytes());
        bytes
    }
}

/// Writes `index` to `path` as of the store's `stamp`: into a file beside it, synced,
/// then renamed over it, so that a stop midway leaves the old file or none. A write
/// that fails (a full disk) removes what it wrote.
pub fn save(path: &Path, index: &mut NearIndex, stamp: Stamp) -> std::io::Result<()> {
    let partial = path.with_extension("partial");
    let saved = write(&partial, index, stamp).and_then(|()| std::fs::rename(&partial, path));
    if saved.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    saved
}

fn write(partial: &Path, index: &mut NearIndex, stamp: Stamp) -> std::io::Result<()> {
    let mut out = Hashing::new(BufWriter::new(File::create(partial)?));
    out.write_all(MAGIC)?;
    out.write_all(&FORMAT.to_le_bytes())?;
    out.write_all(&stamp.to_bytes())?;
    index.write_to(&mut out)?;
    let (out, hash) = out.finish();
    let mut file = out.into_inner().map_err(|e| e.into_error())?;
    file.write_all(hash.as_bytes())?;
    file.sync_all()
}

/// Reads the index at `path` if it was saved as of the store's `stamp`. `None` when
/// there is no file or it is stale (another stamp, another format); an error when it
/// cannot be read or is damaged.
pub fn load(path: &Path, stamp: Stamp) -> std::io::Result<Option<NearIndex>> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    let damaged = |what: &str| std::io::Error::new(ErrorKind::InvalidData, what.to_owned());
    if len < HEADER_LEN + HASH_LEN {
        return Err(damaged("shorter than its header"));
    }
    let mut input = Hashing::new(BufReader::new(file));
    let mut header = [0; HEADER_LEN as usize];
    input.read_exact(&mut header)?;
    if &header[..8] != MAGIC {
        return Err(damaged("not a near-duplicate index"));
    }
    if header[8..12] != FORMAT.to_le_bytes() || header[12..] != stamp.to_bytes() {
        return Ok(None);
    }
    let pairs = (len - HEADER_LEN - HASH_LEN) / 6;
    let index = NearIndex::read_from(&mut input, usize::try_from(pairs).unwrap_or(0))?;
    let (mut rest, hash) = input.finish();
    let mut stored = Vec::new();
    rest.read_to_end(&mut stored)?;
    if stored != hash.as_bytes() {
        return Err(damaged("checksum mismatch"));
    }
    Ok(Some(index))
}

/// A reader or writer that hashes the bytes passing through it.
struct Hashing<T> {
    inner: T,
    hasher: blake3::Hasher,
}

impl<T> Hashing<T> {
    fn new(inner: T) -> Hashing<T> {
        Hashing {
            inner,
            hasher: blake3::Hasher::new(),
        }
    }

    fn finish(self) -> (T, blake3::Hash) {
        (self.inner, self.hasher.finalize())
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::near::Builder;

    fn index() -> NearIndex {
        let mut builder = Builder::default();
        for id in 1..=500u32 {
            builder.add(id.wrapping_mul(2_654_435_761) >> 4, id);
        }
        builder.finish()
    }

    const STAMP: Stamp = Stamp {
        schema: 5,
        seq: 1_234,
        next_id: 501,
    };

    #[test]
    fn an_index_is_read_back_only_as_of_its_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("near-index");
        assert!(load(&path, STAMP).unwrap().is_none(), "no file yet");
        save(&path, &mut index(), STAMP).unwrap();
        assert!(!path.with_extension("partial").exists());
        let read = load(&path, STAMP).unwrap().expect("same stamp");
        let key = 7u32.wrapping_mul(2_654_435_761) >> 4;
        assert_eq!(read.get(key).collect::<Vec<_>>(), vec![7]);
        for stale in [
            Stamp {
                seq: 1_235,
                ..STAMP
            },
            Stamp {
                next_id: 502,
                ..STAMP
            },
            Stamp { schema: 6, ..STAMP },
        ] {
            assert!(load(&path, stale).unwrap().is_none(), "{stale:?}");
        }
    }

    #[test]
    fn a_save_that_fails_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should go: the rename fails once all is written.
        let path = dir.path().join("near-index");
        std::fs::create_dir(&path).unwrap();
        assert!(save(&path, &mut index(), STAMP).is_err());
        assert!(!path.with_extension("partial").exists());
    }

    #[test]
    fn a_damaged_file_is_an_error_not_an_index() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("near-index");
        save(&path, &mut index(), STAMP).unwrap();
        let good = std::fs::read(&path).unwrap();
        // A pair's byte changed, the hash cut short, the file cut within its header.
        let mut flipped = good.clone();
        let at = good.len() - HASH_LEN as usize - 3;
        flipped[at] ^= 0x40;
        for (name, bytes) in [
            ("flipped", flipped),
            ("short hash", good[..good.len() - 1].to_vec()),
            ("short header", good[..20].to_vec()),
        ] {
            std::fs::write(&path, &bytes).unwrap();
            let error = load(&path, STAMP).err().unwrap_or_else(|| panic!("{name}"));
            assert_eq!(error.kind(), ErrorKind::InvalidData, "{name}: {error}");
        }
    }
}
