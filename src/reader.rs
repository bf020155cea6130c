//! Reading article files safely: only regular files, never through a symbolic link,
//! never more than the size limit, never blocking on a FIFO.
//!
//! With the watcher, this is the only module that touches the watched folders, and it
//! only ever opens files for reading.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Size and modification time: a file whose stamp is unchanged is not read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub size: u64,
    pub mtime_ns: i64,
}

impl FileStamp {
    pub fn of(meta: &Metadata) -> FileStamp {
        FileStamp {
            size: meta.len(),
            mtime_ns: meta
                .mtime()
                .saturating_mul(1_000_000_000)
                .saturating_add(meta.mtime_nsec()),
        }
    }
}

/// What a path is, without following a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Regular(FileStamp),
    Dir,
    /// A link, FIFO, socket or device: never read.
    Special(&'static str),
    Missing,
}

pub fn inspect(path: &Path) -> io::Result<FileKind> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) => Ok(kind_of(&meta)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(FileKind::Missing),
        Err(e) if e.raw_os_error() == Some(libc::ENOTDIR) => Ok(FileKind::Missing),
        Err(e) => Err(e),
    }
}

/// What `meta` (taken without following links) describes.
pub fn kind_of(meta: &Metadata) -> FileKind {
    let t = meta.file_type();
    if t.is_file() {
        FileKind::Regular(FileStamp::of(meta))
    } else if t.is_dir() {
        FileKind::Dir
    } else if t.is_symlink() {
        FileKind::Special("symbolic link")
    } else if t.is_fifo() {
        FileKind::Special("FIFO")
    } else if t.is_socket() {
        FileKind::Special("socket")
    } else {
        FileKind::Special("device")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("file vanished")]
    Missing,
    #[error("not a regular file: {0}")]
    NotRegular(&'static str),
    #[error("file too large: {size} bytes, the limit is {limit}")]
    TooLarge {
        size: u64,
        limit: u64,
        stamp: FileStamp,
    },
    #[error("{0}")]
    Io(io::Error),
}

/// Reads a regular file of at most `limit` bytes. The stamp is taken from the opened
/// file, so it describes exactly the bytes returned.
pub fn read(path: &Path, limit: u64) -> Result<(FileStamp, Vec<u8>), ReadError> {
    // O_NOFOLLOW: a link swapped in after the scan is refused, not followed.
    // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
    let file = File::options()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => ReadError::NotRegular("symbolic link"),
            Some(libc::ENOENT) | Some(libc::ENOTDIR) => ReadError::Missing,
            _ => ReadError::Io(e),
        })?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    let FileKind::Regular(stamp) = kind_of(&meta) else {
        let FileKind::Special(what) = kind_of(&meta) else {
            return Err(ReadError::NotRegular("folder"));
        };
        return Err(ReadError::NotRegular(what));
    };
    if stamp.size > limit {
        return Err(ReadError::TooLarge {
            size: stamp.size,
            limit,
            stamp,
        });
    }
    let mut bytes = Vec::with_capacity(stamp.size as usize);
    // The file may grow while it is read: never take more than the limit.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
            stamp,
        });
    }
    Ok((stamp, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_and_refuses_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "xin chào").unwrap();
        let (stamp, bytes) = read(&file, 100).unwrap();
        assert_eq!(bytes, "xin chào".as_bytes());
        assert_eq!(stamp.size, bytes.len() as u64);
        assert_eq!(inspect(&file).unwrap(), FileKind::Regular(stamp));

        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(matches!(
            read(&link, 100),
            Err(ReadError::NotRegular("symbolic link"))
        ));
        assert_eq!(inspect(&link).unwrap(), FileKind::Special("symbolic link"));

        let fifo = dir.path().join("pipe.txt");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            read(&fifo, 100),
            Err(ReadError::NotRegular("FIFO"))
        ));

        assert!(matches!(
            read(dir.path(), 100),
            Err(ReadError::NotRegular("folder"))
        ));
        assert!(matches!(
            read(&dir.path().join("none"), 100),
            Err(ReadError::Missing)
        ));
        assert_eq!(inspect(&file.join("below")).unwrap(), FileKind::Missing);
        assert!(matches!(
            read(&file, 3),
            Err(ReadError::TooLarge {
                size: 9,
                limit: 3,
                ..
            })
        ));
    }
}
