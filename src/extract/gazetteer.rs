//! The gazetteer: known names of places and organisations, with their aliases, matched
//! in one pass with Aho-Corasick.
//!
//! The bundled lists live in `config/gazetteer/*.tsv` (each says where it came from);
//! users add their own TSV files through `extract.gazetteer` without rebuilding. A line
//! is `kind<TAB>canonical name<TAB>alias|alias…`, kind being `place`, `organization`,
//! `person` or `agency` (a news organisation, cited as a source). A canonical name on
//! several lines gathers the aliases of all of them.

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use crate::record::EntityKind;
use crate::text::modern_tone_placement;

/// The bundled lists, with the name each is reported under.
const BUNDLED: &[(&str, &str)] = &[
    (
        "countries.tsv",
        include_str!("../../config/gazetteer/countries.tsv"),
    ),
    (
        "places.tsv",
        include_str!("../../config/gazetteer/places.tsv"),
    ),
    (
        "organizations.tsv",
        include_str!("../../config/gazetteer/organizations.tsv"),
    ),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazEntry {
    pub name: String,
    pub kind: EntityKind,
    /// A news agency or outlet.
    pub agency: bool,
    /// A country, from the list of countries: `hãng tin Ukraine Ukrinform` names the
    /// agency's country, where `hãng Tokyo Electron` names a company after its city.
    pub country: bool,
}

/// A gazetteer name found in a text, with byte offsets into that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazMatch {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

pub struct Gazetteer {
    entries: Vec<GazEntry>,
    matcher: AhoCorasick,
    /// Pattern number to entry number.
    pattern_entry: Vec<usize>,
    /// The first two bytes of each name, one bit per pair: a word whose first two
    /// bytes open no name is passed over without running the automaton. A name of one
    /// byte sets every pair it opens.
    first_pairs: Box<[u64; 1024]>,
    /// Every name and alias (tone marks normalised) to its entry.
    by_name: HashMap<String, usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("gazetteer {origin}:{line}: {reason}")]
    Line {
        origin: String,
        line: usize,
        reason: String,
    },
    #[error("read gazetteer {}: {error}", path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl Gazetteer {
    /// The bundled lists only.
    pub fn bundled() -> Arc<Gazetteer> {
        static BUNDLED_GAZETTEER: LazyLock<Arc<Gazetteer>> = LazyLock::new(|| {
            Arc::new(Gazetteer::from_sources(&[]).expect("the bundled gazetteer is valid"))
        });
        BUNDLED_GAZETTEER.clone()
    }

    /// The bundled lists and the user's files.
    pub fn load(extra: &[PathBuf]) -> Result<Arc<Gazetteer>, GazetteerError> {
        if extra.is_empty() {
            return Ok(Gazetteer::bundled());
        }
        let mut texts = Vec::new();
        for path in extra {
            let text = std::fs::read_to_string(path).map_err(|error| GazetteerError::Read {
                path: path.clone(),
                error,
            })?;
            texts.push((path.display().to_string(), text));
        }
        Ok(Arc::new(Gazetteer::from_sources(&texts)?))
    }

    /// Builds from the bundled lists plus `extra` (origin, text) pairs, leaving out the
    /// canonical names in `without` (used to measure the rules without those names).
    pub fn from_sources(extra: &[(String, String)]) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::build(extra, &[])
    }

    pub fn without(names: &[&str]) -> Gazetteer {
        Gazetteer::build(&[], names).expect("the bundled gazetteer is valid")
    }

    fn build(extra: &[(String, String)], without: &[&str]) -> Result<Gazetteer, GazetteerError> {
        let mut entries: Vec<GazEntry> = Vec::new();
        let mut by_name: HashMap<String, usize> = HashMap::default();
        let mut names: Vec<(String, usize)> = Vec::new();
        let sources = BUNDLED
            .iter()
            .map(|(o, t)| (o.to_string(), t.to_string()))
            .chain(extra.iter().cloned());
        for (origin, text) in sources {
            for (n, line) in text.lines().enumerate() {
                let line = line.trim_end();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let err = |reason: &str| GazetteerError::Line {
                    origin: origin.clone(),
                    line: n + 1,
                    reason: reason.into(),
                };
                let mut fields = line.split('\t');
                let (kind, agency) = match fields.next().unwrap_or("") {
                    "place" => (EntityKind::Place, false),
                    "organization" => (EntityKind::Organization, false),
                    "agency" => (EntityKind::Organization, true),
                    "person" => (EntityKind::Person, false),
                    other => return Err(err(&format!("unknown kind `{other}`"))),
                };
                let name = fields
                    .next()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .ok_or_else(|| err("no name"))?;
                if without.contains(&name) {
                    continue;
                }
                let key = modern_tone_placement(name);
                let id = match by_name.get(key.as_ref()) {
                    Some(&id) if entries[id].name == name => id,
                    _ => {
                        entries.push(GazEntry {
                            name: name.to_owned(),
                            kind,
                            agency,
                            country: origin == "countries.tsv",
                        });
                        entries.len() - 1
                    }
                };
                let aliases = fields
                    .next()
                    .unwrap_or("")
                    .split('|')
                    .map(str::trim)
                    .filter(|a| !a.is_empty());
                for alias in std::iter::once(name).chain(aliases) {
                    let key = modern_tone_placement(alias).into_owned();
                    by_name.entry(key.clone()).or_insert(id);
                    names.push((key, id));
                }
            }
        }
        names.sort();
        names.dedup_by(|a, b| a.0 == b.0);
        // The default (a contiguous NFA): a DFA matched with 2 % fewer instructions per
        // article but took 8 MB, against a memory target it barely meets.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(names.iter().map(|(n, _)| n))
            .expect("gazetteer patterns build");
        let mut first_pairs = Box::new([0u64; 1024]);
        for (name, _) in &names {
            let pairs = match name.as_bytes() {
                [] => 0..0,
                [b] => usize::from(*b) << 8..(usize::from(*b) + 1) << 8,
                [b0, b1, ..] => {
                    let pair = usize::from(*b0) << 8 | usize::from(*b1);
                    pair..pair + 1
                }
            };
            for pair in pairs {
                first_pairs[pair / 64] |= 1 << (pair % 64);
            }
        }
        let pattern_entry = names.iter().map(|(_, id)| *id).collect();
        Ok(Gazetteer {
            entries,
            matcher,
            pattern_entry,
            first_pairs,
            by_name,
        })
    }

    pub fn entry(&self, id: usize) -> &GazEntry {
        &self.entries[id]
    }

    /// The entry a name or alias belongs to.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.by_name
            .get(modern_tone_placement(name).as_ref())
            .copied()
    }

    /// Whole-word matches in `text`, leftmost-longest, looked for at every word's start.
    /// `text` must already have modern tone placement (which keeps byte offsets: the
    /// marks only change places).
    #[cfg(test)]
    pub fn find(&self, text: &str) -> Vec<GazMatch> {
        let bytes = text.as_bytes();
        let starts = (0..bytes.len()).filter(|&i| {
            text.is_char_boundary(i)
                && text[i..]
                    .chars()
                    .next()
                    .is_some_and(crate::text::is_word_char)
                && !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(crate::text::is_word_char)
        });
        self.find_at(text, starts)
    }

    /// Whole-word matches in `text`, leftmost-longest, with the names looked for only at
    /// `starts`: offsets of word starts in increasing order, the tokens' starts (a name
    /// inside a token, `HCM` in `TP.HCM`, is not looked for). `text` must already have
    /// modern tone placement. A match counts when a word ends with it; the next search
    /// starts after it.
    pub fn find_at(&self, text: &str, starts: impl IntoIterator<Item = usize>) -> Vec<GazMatch> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut from = 0;
        for i in starts {
            // Words whose first two bytes start no name are passed over with one look-up.
            // The byte after the text's last counts as 0: no name's second byte.
            let pair = usize::from(bytes[i]) << 8 | usize::from(*bytes.get(i + 1).unwrap_or(&0));
            if i < from || self.first_pairs[pair / 64] & (1 << (pair % 64)) == 0 {
                continue;
            }
            let input = Input::new(text).range(i..).anchored(Anchored::Yes);
            if let Some(m) = self.matcher.find(input)
                && !text[m.end()..]
                    .chars()
                    .next()
                    .is_some_and(crate::text::is_word_char)
            {
                out.push(GazMatch {
                    start: m.start(),
                    end: m.end(),
                    entry: self.pattern_entry[m.pattern().as_usize()],
                });
                from = m.end();
            }
        }
        out
    }
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gazetteer({} entries)", self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_words_longest_first_whatever_the_tone_placement() {
        let g = Gazetteer::bundled();
        let text = modern_tone_placement(
            "Tổng thống Liên bang Nga tới Moscow, không phải Ngân hàng ở Khánh Hoà.",
        );
        let found: Vec<(&str, &str)> = g
            .find(&text)
            .iter()
            .map(|m| (&text[m.start..m.end], g.entry(m.entry).name.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("Liên bang Nga", "Nga"),
                ("Moscow", "Moskva"),
                ("Khánh Hòa", "Khánh Hòa")
            ]
        );
    }

    #[test]
    fn user_files_extend_and_bad_lines_are_named() {
        let extra = [(
            "mine.tsv".to_owned(),
            "person\tHồ Chí Minh\tBác Hồ\nplace\tMỹ\tXứ cờ hoa\n".to_owned(),
        )];
        let g = Gazetteer::from_sources(&extra).unwrap();
        assert_eq!(
            g.entry(g.lookup("Bác Hồ").unwrap()).kind,
            EntityKind::Person
        );
        assert_eq!(g.entry(g.lookup("Xứ cờ hoa").unwrap()).name, "Mỹ");
        assert_eq!(g.lookup("Hoa Kỳ"), g.lookup("Mỹ"));
        let bad = [("bad.tsv".to_owned(), "# comment\nthing\tX\n".to_owned())];
        let err = Gazetteer::from_sources(&bad).unwrap_err().to_string();
        assert_eq!(err, "gazetteer bad.tsv:2: unknown kind `thing`");
    }

    #[test]
    fn names_of_one_letter_and_names_at_the_end_are_found() {
        let extra = [("mine.tsv".to_owned(), "place\tQ\nplace\tÔ Lâm\n".to_owned())];
        let g = Gazetteer::from_sources(&extra).unwrap();
        for text in ["Q", "ở Q.", "Q và Ô Lâm", "đến Ô Lâm"] {
            let found: Vec<&str> = g.find(text).iter().map(|m| &text[m.start..m.end]).collect();
            let expected: Vec<&str> = ["Q", "Ô Lâm"]
                .into_iter()
                .filter(|n| text.contains(n))
                .collect();
            assert_eq!(found, expected, "{text}");
        }
    }
}
