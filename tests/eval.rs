//! The extraction quality bar, measured on the labelled set in `tests/eval/`.
//!
//! `dev/` labels the five seeds (the examples the rules were developed on); the
//! `heldout*/` batches hold articles in other styles, each written and labelled before
//! the rules had seen it. Their first-sight figures are recorded in
//! `tests/eval/README.md`; once a batch has been looked at, its figures here are no
//! longer a fair measure of unseen text. Run with `--nocapture` to see the figures.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use articled::extract::Gazetteer;
use articled::pipeline::analyse;
use articled::record::ArticleRecord;
use articled::text::modern_tone_placement;
use serde_json::Value;

const EVAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval");

struct Case {
    name: String,
    path: PathBuf,
    gold: Value,
}

fn cases(set: &str) -> Vec<Case> {
    let dir = Path::new(EVAL).join(set);
    let mut cases: Vec<Case> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|label| {
            let gold: Value =
                serde_json::from_str(&std::fs::read_to_string(&label).unwrap()).unwrap();
            let path = match gold["file"].as_str() {
                Some(file) => dir.join(file),
                None => ["txt", "html"]
                    .iter()
                    .map(|e| label.with_extension(e))
                    .find(|p| p.exists())
                    .unwrap(),
            };
            Case {
                name: label.file_stem().unwrap().to_string_lossy().into_owned(),
                path,
                gold,
            }
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

fn norm(s: &str) -> String {
    modern_tone_placement(s.trim()).into_owned()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().filter_map(|s| s.as_str()).map(norm).collect())
        .unwrap_or_default()
}

/// Counts for one set.
#[derive(Default, Debug)]
struct Score {
    entity_tp: usize,
    entity_fp: usize,
    entity_fn: usize,
    boilerplate_entities: Vec<String>,
    quotes_right: usize,
    quotes_total: usize,
    dates_found: usize,
    dates_total: usize,
    dates_predicted: usize,
    structure_wrong: Vec<String>,
}

impl Score {
    fn precision(&self) -> f64 {
        ratio(self.entity_tp, self.entity_tp + self.entity_fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.entity_tp, self.entity_tp + self.entity_fn)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn quote_recall(&self) -> f64 {
        ratio(self.quotes_right, self.quotes_total)
    }
    fn date_recall(&self) -> f64 {
        ratio(self.dates_found, self.dates_total)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn score(set: &str, gazetteer: &Gazetteer, verbose: bool) -> Score {
    score_with(set, gazetteer, verbose, |bytes| bytes)
}

/// As [`score`], each file's bytes first passed through `rewrite`.
fn score_with(
    set: &str,
    gazetteer: &Gazetteer,
    verbose: bool,
    rewrite: impl Fn(Vec<u8>) -> Vec<u8>,
) -> Score {
    let mut total = Score::default();
    for case in cases(set) {
        let bytes = rewrite(std::fs::read(&case.path).unwrap());
        let record = analyse(&case.path, &bytes, gazetteer);
        assert!(record.error.is_none(), "{}: {:?}", case.name, record.error);
        let before = (total.entity_tp, total.entity_fp, total.entity_fn);
        score_entities(&case, &record, &mut total, verbose);
        score_quotes(&case, &record, &mut total, verbose);
        score_dates(&case, &record, &mut total, verbose);
        score_structure(&case, &record, &mut total);
        if verbose {
            let (tp, fp, fneg) = (
                total.entity_tp - before.0,
                total.entity_fp - before.1,
                total.entity_fn - before.2,
            );
            println!(
                "  {:<24} entities tp {tp:>2} fp {fp:>2} fn {fneg:>2}",
                case.name
            );
        }
    }
    total
}

fn names_of(e: &Value) -> Vec<String> {
    let mut names = vec![norm(e["name"].as_str().unwrap())];
    names.extend(strings(&e["aliases"]));
    names
}

fn score_entities(case: &Case, record: &ArticleRecord, s: &mut Score, verbose: bool) {
    if case.gold.get("entities_not_scored").is_some() {
        return;
    }
    let gold: Vec<(Vec<String>, String)> = case.gold["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (names_of(e), e["kind"].as_str().unwrap().to_owned()))
        .collect();
    let ignore = strings(&case.gold["ignore"]);
    let boilerplate = strings(&case.gold["boilerplate"]);
    let mut matched = vec![false; gold.len()];
    for e in &record.entities {
        let mut names = vec![norm(&e.name)];
        names.extend(e.aliases.iter().map(|a| norm(a)));
        let kind = serde_json::to_value(e.kind)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned();
        if names
            .iter()
            .any(|n| boilerplate.iter().any(|b| b.contains(n.as_str())))
        {
            s.boilerplate_entities
                .push(format!("{}: {}", case.name, e.name));
        }
        let hit = gold
            .iter()
            .position(|(g, k)| *k == kind && g.iter().any(|n| names.contains(n)));
        match hit {
            Some(i) if !matched[i] => {
                matched[i] = true;
                s.entity_tp += 1;
            }
            Some(_) => {
                s.entity_fp += 1;
                if verbose {
                    println!(
                        "    {}: extra {} ({kind}) {:?}",
                        case.name, e.name, e.aliases
                    );
                }
            }
            None if names.iter().any(|n| ignore.contains(n)) => {}
            None => {
                s.entity_fp += 1;
                if verbose {
                    println!(
                        "    {}: wrong {} ({kind}) {:?}",
                        case.name, e.name, e.aliases
                    );
                }
            }
        }
    }
    for (i, (names, kind)) in gold.iter().enumerate() {
        if !matched[i] {
            s.entity_fn += 1;
            if verbose {
                println!("    {}: missed {} ({kind})", case.name, names[0]);
            }
        }
    }
}

fn score_quotes(case: &Case, record: &ArticleRecord, s: &mut Score, verbose: bool) {
    let strip = |t: &str| {
        norm(
            t.trim_matches(|c: char| matches!(c, '“' | '”' | '"' | '‘' | '’') || c.is_whitespace()),
        )
    };
    // Every name the gold set gives a person, to accept any of a speaker's names.
    let mut same: HashMap<String, Vec<String>> = HashMap::new();
    for e in case.gold["entities"].as_array().into_iter().flatten() {
        let names = names_of(e);
        for n in &names {
            same.insert(n.clone(), names.clone());
        }
    }
    for q in case.gold["quotes"].as_array().into_iter().flatten() {
        let Some(speaker) = q["speaker"].as_str().map(norm) else {
            continue;
        };
        s.quotes_total += 1;
        let starts = strip(q["starts"].as_str().unwrap());
        let found = record
            .quotes
            .iter()
            .find(|p| strip(&p.text).starts_with(&starts) || starts.starts_with(&strip(&p.text)));
        let right = found.and_then(|p| p.speaker.as_deref()).is_some_and(|got| {
            let got = norm(got);
            got == speaker || same.get(&speaker).is_some_and(|names| names.contains(&got))
        });
        if right {
            s.quotes_right += 1;
        } else if verbose {
            println!(
                "    {}: quote {starts:?} by {speaker}: got {:?}",
                case.name,
                found.map(|p| &p.speaker)
            );
        }
    }
}

fn score_dates(case: &Case, record: &ArticleRecord, s: &mut Score, verbose: bool) {
    let mut predicted: HashMap<String, usize> = HashMap::new();
    for d in &record.dates {
        *predicted.entry(d.date.clone()).or_default() += 1;
    }
    s.dates_predicted += record.dates.len();
    for date in strings(&case.gold["dates"]) {
        s.dates_total += 1;
        match predicted.get_mut(&date) {
            Some(n) if *n > 0 => {
                *n -= 1;
                s.dates_found += 1;
            }
            _ => {
                if verbose {
                    println!("    {}: missed date {date}", case.name);
                }
            }
        }
    }
}

fn score_structure(case: &Case, r: &ArticleRecord, s: &mut Score) {
    let g = &case.gold;
    let mut wrong = |what: &str, got: String, want: String| {
        s.structure_wrong
            .push(format!("{}: {what}: got {got:?}, want {want:?}", case.name));
    };
    for (field, got) in [
        ("title", &r.title),
        ("published", &r.published),
        ("outlet", &r.outlet),
    ] {
        let want = g[field].as_str().map(norm);
        if got.as_deref().map(norm) != want {
            wrong(field, format!("{got:?}"), format!("{want:?}"));
        }
    }
    let authors: Vec<String> = r.authors.iter().map(|a| norm(a)).collect();
    if authors != strings(&g["authors"]) {
        wrong(
            "authors",
            format!("{authors:?}"),
            format!("{:?}", strings(&g["authors"])),
        );
    }
    if let Some(want) = g.get("sources") {
        let mut got: Vec<String> = r.sources.iter().map(|a| norm(a)).collect();
        let mut want = strings(want);
        got.sort();
        want.sort();
        if got != want {
            wrong("sources", format!("{got:?}"), format!("{want:?}"));
        }
    }
    let body = norm(&r.body);
    let starts = norm(g["body_starts"].as_str().unwrap());
    let ends = norm(g["body_ends"].as_str().unwrap());
    if !body.starts_with(&starts) {
        wrong("body start", body.chars().take(60).collect(), starts);
    }
    if !body.ends_with(&ends) {
        wrong(
            "body end",
            body.chars()
                .rev()
                .take(60)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect(),
            ends,
        );
    }
    for b in strings(&g["boilerplate"]) {
        if body.contains(&b) || r.title.as_deref().is_some_and(|t| norm(t).contains(&b)) {
            wrong("boilerplate in body", b, String::new());
        }
    }
    if let Some(lang) = g.get("language").and_then(|l| l.as_str())
        && r.language.as_deref() != Some(lang)
    {
        wrong("language", format!("{:?}", r.language), lang.to_owned());
    }
}

fn report(set: &str, s: &Score) {
    println!(
        "{set}: entities P {:.3} R {:.3} F1 {:.3} (tp {}, fp {}, fn {}); boilerplate entities {}; \
         quotes with the right speaker {:.3} ({}/{}); dates recall {:.3} ({}/{}, {} found); structure errors {}",
        s.precision(),
        s.recall(),
        s.f1(),
        s.entity_tp,
        s.entity_fp,
        s.entity_fn,
        s.boilerplate_entities.len(),
        s.quote_recall(),
        s.quotes_right,
        s.quotes_total,
        s.date_recall(),
        s.dates_found,
        s.dates_total,
        s.dates_predicted,
        s.structure_wrong.len(),
    );
    for w in &s.structure_wrong {
        println!("    {w}");
    }
    for b in &s.boilerplate_entities {
        println!("    boilerplate entity {b}");
    }
}

#[test]
fn seeds_are_read_right() {
    let dev = score("dev", &Gazetteer::bundled(), true);
    report("dev (the seeds)", &dev);
    assert!(
        dev.structure_wrong.is_empty(),
        "title, published, outlet, authors, sources and body must be right on every seed"
    );
    assert!(dev.boilerplate_entities.is_empty(), "no boilerplate entity");
}

#[test]
fn held_out_articles_meet_the_bar() {
    let held = score("heldout", &Gazetteer::bundled(), true);
    report("held-out", &held);

    // The same, with the gazetteer stripped of every name the held-out labels use: how
    // far the cues alone carry. Printed, not gated.
    let gold_names: Vec<String> = cases("heldout")
        .iter()
        .flat_map(|c| c.gold["entities"].as_array().cloned().unwrap_or_default())
        .flat_map(|e| names_of(&e))
        .collect();
    let names: Vec<&str> = gold_names.iter().map(String::as_str).collect();
    let rules_only = score("heldout", &Gazetteer::without(&names), false);
    println!(
        "held-out, gazetteer without the held-out names: entities P {:.3} R {:.3} F1 {:.3}",
        rules_only.precision(),
        rules_only.recall(),
        rules_only.f1()
    );

    assert_bar(&held, 0.90);
}

#[test]
fn second_held_out_batch_meets_the_bar() {
    let held = score("heldout2", &Gazetteer::bundled(), true);
    report("held-out, second batch", &held);
    assert_bar(&held, 0.90);
}

#[test]
fn third_held_out_batch_meets_the_bar_but_for_entities() {
    let held = score("heldout3", &Gazetteer::bundled(), true);
    report("held-out, third batch", &held);
    // The entity bar (0.90) is NOT met on this batch: it scored 0.696 on first sight and
    // 0.886 after the rules were corrected on it (tests/eval/README.md). This floor
    // guards against regressions; it is not the bar.
    assert_bar(&held, 0.85);
}

/// The bar: no boilerplate entity, quotes with the right speaker ≥ 0.80, dates
/// ≥ 0.90, and entity F1 ≥ `entity_f1`.
fn assert_bar(s: &Score, entity_f1: f64) {
    assert!(s.boilerplate_entities.is_empty(), "no boilerplate entity");
    assert!(s.f1() >= entity_f1, "entity F1 {:.3} < {entity_f1}", s.f1());
    assert!(
        s.quote_recall() >= 0.80,
        "quotes with the right speaker {:.3} < 0.80",
        s.quote_recall()
    );
    assert!(
        s.date_recall() >= 0.90,
        "date recall {:.3} < 0.90",
        s.date_recall()
    );
}

#[test]
fn fourth_held_out_batch_meets_the_bar() {
    let held = score("heldout4", &Gazetteer::bundled(), true);
    report("held-out, fourth batch", &held);
    // Entity F1 0.895 on first sight (tests/eval/README.md), 0.987 once the rules were
    // corrected on this batch and the fifth.
    assert_bar(&held, 0.90);
}

#[test]
fn fifth_held_out_batch_meets_the_bar() {
    let held = score("heldout5", &Gazetteer::bundled(), true);
    report("held-out, fifth batch", &held);
    // First sight: entity F1 0.848, one boilerplate entity, quotes 0.750
    // (tests/eval/README.md); 0.990 once the rules were corrected on it and the eighth.
    assert_bar(&held, 0.90);
}

#[test]
fn sixth_held_out_batch_meets_the_bar() {
    let held = score("heldout6", &Gazetteer::bundled(), true);
    report("held-out, sixth batch", &held);
    // First sight: entity F1 0.866, quotes 0.833, dates 0.833 (tests/eval/README.md);
    // 1.000 on all three once the rules were corrected on it and the seventh batch.
    assert_bar(&held, 0.90);
}

#[test]
fn seventh_held_out_batch_meets_the_bar() {
    let held = score("heldout7", &Gazetteer::bundled(), true);
    report("held-out, seventh batch", &held);
    // First sight: entity F1 0.903, quotes 0.667, dates 0.786 (tests/eval/README.md);
    // 1.000 on all three once the rules were corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn eighth_held_out_batch_meets_the_bar() {
    let held = score("heldout8", &Gazetteer::bundled(), true);
    report("held-out, eighth batch", &held);
    // First sight: entity F1 0.893, quotes 1.000, dates 1.000 with one structure error
    // (tests/eval/README.md); entity F1 0.973 once the rules were corrected on it.
    assert_bar(&held, 0.90);
}

/// The other tone-mark placement (`hòa` → `hoà`, `thủy` → `thuỷ`) in every word that has
/// one; text that is not UTF-8 (a Windows-1258 file) is left as it is.
fn old_tone_placement(bytes: Vec<u8>) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    let Ok(text) = String::from_utf8(bytes.clone()) else {
        return bytes;
    };
    let is_tone = |c: char| matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}');
    let chars: Vec<char> = text.nfd().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // o + tone + a/e, or u + tone + y, ending a word and not after q: move the tone
        // to the second vowel.
        if i + 2 < chars.len() + 1
            && let (Some(&tone), Some(&second)) = (chars.get(i + 1), chars.get(i + 2))
            && is_tone(tone)
            && matches!(
                (c.to_ascii_lowercase(), second.to_ascii_lowercase()),
                ('o', 'a') | ('o', 'e') | ('u', 'y')
            )
            && !(i > 0 && matches!(chars[i - 1], 'q' | 'Q'))
            && chars
                .get(i + 3)
                .is_none_or(|n| !n.is_alphanumeric() && !is_tone(*n))
        {
            out.extend([c, second, tone]);
            i += 3;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out.into_iter().nfc().collect::<String>().into_bytes()
}

/// Old and new tone-mark placement both occur, even within one article: moving every
/// mark to the other place must not change a single figure.
#[test]
fn every_set_scores_the_same_in_the_old_tone_placement() {
    let gazetteer = Gazetteer::bundled();
    let moved = old_tone_placement("Hòa bình, thủy điện, khỏe, quý, hoàng".as_bytes().to_vec());
    assert_eq!(
        String::from_utf8(moved).unwrap(),
        "Hoà bình, thuỷ điện, khoẻ, quý, hoàng"
    );
    let figures = |s: &Score| {
        (
            s.entity_tp,
            s.entity_fp,
            s.entity_fn,
            s.boilerplate_entities.len(),
            s.quotes_right,
            s.dates_found,
            s.dates_predicted,
            s.structure_wrong.len(),
        )
    };
    let mut sets: Vec<String> = std::fs::read_dir(EVAL)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    sets.sort();
    assert!(sets.len() >= 12, "every labelled set: {sets:?}");
    for set in &sets {
        let as_written = score(set, &gazetteer, false);
        let moved = score_with(set, &gazetteer, false, old_tone_placement);
        assert_eq!(figures(&moved), figures(&as_written), "{set}");
    }
}

#[test]
fn ninth_held_out_batch_meets_the_bar() {
    let held = score("heldout9", &Gazetteer::bundled(), true);
    report("held-out, ninth batch", &held);
    // First sight: entity F1 0.713 with three structure errors (tests/eval/README.md);
    // 0.901 once the rules were corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn tenth_held_out_batch_meets_the_bar() {
    let held = score("heldout10", &Gazetteer::bundled(), true);
    report("held-out, tenth batch", &held);
    // First sight: entity F1 0.891, quotes 0.800, dates 1.000 (tests/eval/README.md);
    // 0.978 once the rules were corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn eleventh_held_out_batch_meets_the_bar() {
    let held = score("heldout11", &Gazetteer::bundled(), true);
    report("held-out, eleventh batch", &held);
    // First sight, every bar met: entity F1 0.935, quotes 1.000, dates 0.929, no
    // boilerplate entity, no structure error (tests/eval/README.md); 0.989 and dates
    // 1.000 once the rules were corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn twelfth_held_out_batch_meets_the_bar() {
    let held = score("heldout12", &Gazetteer::bundled(), true);
    report("held-out, twelfth batch", &held);
    // First sight: entity F1 0.851 (below the bar), quotes 1.000, dates 0.929, no
    // boilerplate entity, no structure error (tests/eval/README.md); 0.975 and dates
    // 1.000 once the rules were corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn thirteenth_held_out_batch_meets_the_bar() {
    let held = score("heldout13", &Gazetteer::bundled(), true);
    report("held-out, thirteenth batch", &held);
    // First sight: entity F1 0.909, quotes 0.714 (below the bar), dates 1.000, no
    // boilerplate entity, one structure error (tests/eval/README.md); 1.000, quotes 1.000
    // and no structure error once the rules were corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn fourteenth_held_out_batch_meets_the_bar() {
    let held = score("heldout14", &Gazetteer::bundled(), true);
    report("held-out, fourteenth batch", &held);
    // First sight: entity F1 0.796 and dates 0.833 (both below the bar), quotes 1.000,
    // five structure errors (tests/eval/README.md); 0.981, dates 1.000 and no structure
    // error once the rules were corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn fifteenth_held_out_batch_meets_the_bar() {
    let held = score("heldout15", &Gazetteer::bundled(), true);
    report("held-out, fifteenth batch", &held);
    // First sight: entity F1 0.877 (below the bar), quotes 0.833, dates 0.900, one
    // structure error (tests/eval/README.md); 0.973, quotes and dates 1.000 and no
    // structure error once the rules were corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn sixteenth_held_out_batch_meets_the_bar() {
    let held = score("heldout16", &Gazetteer::bundled(), true);
    report("held-out, sixteenth batch", &held);
    // First sight: entity F1 0.832 (below the bar), quotes 0.875, dates 0.941, five
    // structure errors (tests/eval/README.md); 1.000, quotes and dates 1.000 and no
    // structure error once the rules were corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn seventeenth_held_out_batch_meets_the_bar() {
    let held = score("heldout17", &Gazetteer::bundled(), true);
    report("held-out, seventeenth batch", &held);
    // First sight: entity F1 0.937, quotes 0.750 and dates 0.722 (both below the bar),
    // seven structure errors (tests/eval/README.md); 0.992, quotes and dates 1.000 and
    // no structure error once the rules were corrected on it; 1.000 once troupes were
    // read as organisations (twenty-fifth batch).
    assert_bar(&held, 0.90);
}

#[test]
fn eighteenth_held_out_batch_meets_the_bar() {
    let held = score("heldout18", &Gazetteer::bundled(), true);
    report("held-out, eighteenth batch", &held);
    // First sight: entity F1 0.817, quotes 0.667, dates 0.800 (all below the bar), five
    // structure errors (tests/eval/README.md); 0.969, quotes and dates 1.000 and no
    // structure error once the rules were corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn nineteenth_held_out_batch_meets_the_bar() {
    let held = score("heldout19", &Gazetteer::bundled(), true);
    report("held-out, nineteenth batch", &held);
    // First sight: entity F1 0.931, quotes and dates 1.000 (every bar met), four
    // structure errors (tests/eval/README.md); 0.980 and no structure error once the
    // rules were corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn twentieth_held_out_batch_meets_the_bar() {
    let held = score("heldout20", &Gazetteer::bundled(), true);
    report("held-out, twentieth batch", &held);
    // First sight: entity F1 0.754 (below the bar), quotes and dates 1.000, no structure
    // error (tests/eval/README.md); 0.950 once the rules were corrected on it, 0.967 with
    // a later rule for a unit's name between a title and its holder.
    assert_bar(&held, 0.90);
}

#[test]
fn twenty_first_held_out_batch_meets_the_bar() {
    let held = score("heldout21", &Gazetteer::bundled(), true);
    report("held-out, twenty-first batch", &held);
    // First sight: entity F1 0.848 and dates 0.750 (below the bar), quotes 0.800, ten
    // structure errors (tests/eval/README.md); 0.968, quotes and dates 1.000 and no
    // structure error once the rules were corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn twenty_second_held_out_batch_meets_the_bar() {
    let held = score("heldout22", &Gazetteer::bundled(), true);
    report("held-out, twenty-second batch", &held);
    // First sight: entity F1 0.925, quotes 0.800, dates 0.889 (below the bar by one
    // date), two structure errors (tests/eval/README.md); 0.972, dates 1.000 and no
    // structure error once the rules were corrected on it; quotes 1.000 once a title
    // was read whole (`thủ tướng`, not `tướng`).
    assert_bar(&held, 0.90);
}

#[test]
fn twenty_third_held_out_batch_meets_the_bar() {
    let held = score("heldout23", &Gazetteer::bundled(), true);
    report("held-out, twenty-third batch", &held);
    // First sight: entity F1 0.937, quotes and dates 1.000, one structure error
    // (tests/eval/README.md); 1.000 and no structure error once the rules were
    // corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn twenty_fourth_held_out_batch_meets_the_bar() {
    let held = score("heldout24", &Gazetteer::bundled(), true);
    report("held-out, twenty-fourth batch", &held);
    // First sight: entity F1 0.949, two boilerplate entities and twelve structure errors
    // from a page without `<article>` and a share row before a dateline
    // (tests/eval/README.md); 1.000 and no structure error once corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn twenty_fifth_held_out_batch_meets_the_bar() {
    let held = score("heldout25", &Gazetteer::bundled(), true);
    report("held-out, twenty-fifth batch", &held);
    // First sight: entity F1 0.902, quotes 1.000, dates 0.923 (tests/eval/README.md);
    // 1.000 once the rules were corrected on it.
    assert_bar(&held, 0.90);
}

#[test]
fn twenty_sixth_held_out_batch_meets_the_bar() {
    let held = score("heldout26", &Gazetteer::bundled(), true);
    report("held-out, twenty-sixth batch", &held);
    // First sight: entity F1 0.959, quotes and dates 1.000 (tests/eval/README.md); 0.980
    // once a verb after an organisation was no longer read into its name.
    assert_bar(&held, 0.90);
}

#[test]
fn twenty_seventh_held_out_batch_meets_the_bar() {
    let held = score("heldout27", &Gazetteer::bundled(), true);
    report("held-out, twenty-seventh batch", &held);
    // First sight: entity F1 0.901, quotes and dates 1.000 (tests/eval/README.md); 0.977
    // once withheld initials were no entity.
    assert_bar(&held, 0.90);
}

#[test]
fn twenty_eighth_held_out_batch_meets_the_bar() {
    let held = score("heldout28", &Gazetteer::bundled(), true);
    report("held-out, twenty-eighth batch", &held);
    // First sight: entity F1 0.902, quotes 1.000, dates 0.933 (tests/eval/README.md);
    // 0.962 once a tag line, a trading session's day, `Theo` and a province's own body
    // were read right.
    assert_bar(&held, 0.90);
}

#[test]
fn twenty_ninth_held_out_batch_meets_the_bar() {
    let held = score("heldout29", &Gazetteer::bundled(), true);
    report("held-out, twenty-ninth batch", &held);
    // First sight: entity F1 0.945, quotes 0.875, dates 0.846 (tests/eval/README.md);
    // 1.000 once a byline with the time first, a defendant named by the role, a company
    // named again by its brand and an acronym with its place were read right.
    assert_bar(&held, 0.90);
}

#[test]
fn thirtieth_held_out_batch_meets_the_bar() {
    let held = score("heldout30", &Gazetteer::bundled(), true);
    report("held-out, thirtieth batch", &held);
    // First sight: entity F1 0.854 (0.874 with a label error mended), quotes 1.000,
    // dates 1.000 (tests/eval/README.md); 0.952 once sources after a slash and after the
    // page's tail, regional bodies, `Trên` and a few cities were read right.
    assert_bar(&held, 0.90);
}

#[test]
fn thirty_first_held_out_batch_meets_the_bar() {
    let held = score("heldout31", &Gazetteer::bundled(), true);
    report("held-out, thirty-first batch", &held);
    // First sight: entity F1 0.907, quotes 1.000, dates 1.000 (tests/eval/README.md);
    // 0.989 once teachers, medals, `Jr.`, `HoREA`, `Nhà ở` and a school named again were
    // read right.
    assert_bar(&held, 0.90);
}

#[test]
fn thirty_second_held_out_batch_meets_the_bar() {
    let held = score("heldout32", &Gazetteer::bundled(), true);
    report("held-out, thirty-second batch", &held);
    // First sight: entity F1 0.902, quotes 1.000, dates 1.000 (tests/eval/README.md);
    // 1.000 once given names of two syllables, company words after `tại`, `von der`,
    // prepositions ending a name and `sáng tạo` inside one were read right.
    assert_bar(&held, 0.90);
}

#[test]
fn thirty_third_held_out_batch_meets_the_bar() {
    let held = score("heldout33", &Gazetteer::bundled(), true);
    report("held-out, thirty-third batch", &held);
    // First sight: entity F1 0.950 (0.962 with a label omission mended), quotes 1.000,
    // dates 1.000 (tests/eval/README.md); 0.987 once a body named again by the opening
    // of its name and a tail closed by `tỉnh` were read right.
    assert_bar(&held, 0.90);
}

#[test]
fn thirty_fourth_held_out_batch_meets_the_bar() {
    let held = score("heldout34", &Gazetteer::bundled(), true);
    report("held-out, thirty-fourth batch", &held);
    // First sight: entity F1 0.889, quotes 0.800, dates 0.833, the football web copy
    // read as nothing but its section's name (tests/eval/README.md); 0.911, 1.000 and
    // 1.000 once the page's furniture above a headline was passed over and a share row
    // no longer ended the article before it began.
    assert_bar(&held, 0.90);
}
