//! Fuzzing every reader with mutated real inputs (bounded: a fixed number of cases, each
//! input small): the session, roster, import and log readers never panic and always answer.
//! Memory is bounded by construction (`votedesk::limits`); `bad_input.rs` checks the limits.

mod common;

use proptest::prelude::*;
use votedesk::engine::{Action, State};

/// A mutation: flip, insert, delete bytes, or cut the input.
#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Cut(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Flip(at, b)),
        (
            any::<usize>(),
            prop::collection::vec(
                prop_oneof![
                    any::<u8>(),
                    Just(b'\n'),
                    Just(b'"'),
                    Just(b','),
                    Just(b'('),
                    Just(b'{')
                ],
                1..8
            )
        )
            .prop_map(|(at, b)| Edit::Insert(at, b)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        any::<usize>().prop_map(Edit::Cut),
    ]
}

fn mutate(input: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut v = input.to_vec();
    for e in edits {
        let len = v.len().max(1);
        match e {
            Edit::Flip(at, b) => {
                if !v.is_empty() {
                    let i = at % v.len();
                    v[i] ^= b | 1;
                }
            }
            Edit::Insert(at, bytes) => {
                let i = at % (v.len() + 1);
                v.splice(i..i, bytes.iter().copied());
            }
            Edit::Delete(at, n) => {
                let i = at % len;
                let end = (i + n).min(v.len());
                if i < end {
                    v.drain(i..end);
                }
            }
            Edit::Cut(at) => v.truncate(at % len),
        }
    }
    v
}

/// One simulated log for every case (simulating syncs each record; once is enough).
fn small_log() -> &'static [u8] {
    static LOG: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = common::simulated_log(dir.path(), 5);
        std::fs::read(path).expect("read")
    })
}

fn open_state() -> State {
    let loaded = common::load(common::SMALL);
    let mut st = State::new(std::sync::Arc::new(loaded.session.clone()));
    st.apply(&votedesk::engine::Event::SessionBound(Box::new(
        st.binding(&loaded.sources),
    )))
    .expect("bind");
    for seat in 1..=6 {
        let e = st.prepare(Action::CheckIn(seat)).expect("in");
        st.apply(&e).expect("in");
    }
    let e = st.prepare(Action::OpenItem("named".into())).expect("open");
    st.apply(&e).expect("open");
    st
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn session_reader_never_panics(edits in prop::collection::vec(edit(), 1..6)) {
        let bytes = mutate(common::SMALL.as_bytes(), &edits);
        let r = votedesk::session::load_embedded(votedesk::session::SourceFiles {
            session_name: "s.ron".into(),
            session_bytes: bytes,
            roster: None,
        });
        if let Err(e) = r {
            let msg = e.to_string();
            prop_assert!(!msg.is_empty());
            prop_assert!(msg.len() < 20_000, "message of {} bytes", msg.len());
        }
    }

    #[test]
    fn roster_reader_never_panics(edits in prop::collection::vec(edit(), 1..6)) {
        let csv = std::fs::read(common::repo("sessions/hanggin-2024-roster.csv")).expect("csv");
        let bytes = mutate(&csv[..csv.len().min(2000)], &edits);
        let _ = votedesk::roster::parse_roster_csv("r.csv", &bytes);
    }

    #[test]
    fn import_reader_never_panics(edits in prop::collection::vec(edit(), 1..6)) {
        let st = open_state();
        let csv = "\u{feff}seat,res\r\n1,赞成\r\n2,反对\r\n3,弃权\r\n4,未按\r\n5,1\r\n";
        let bytes = mutate(csv.as_bytes(), &edits);
        let _ = votedesk::import::parse(&st, "named", "k.csv", &bytes);
    }

    #[test]
    fn log_reader_and_checker_never_panic(edits in prop::collection::vec(edit(), 1..4)) {
        let log = small_log();
        let bytes = mutate(log, &edits);
        let scan = votedesk::log::scan_reader(&bytes[..]).expect("in memory");
        let report = votedesk::verify::check(&scan, &Default::default());
        if bytes != log {
            // Any change to a verified log is found (or it only cut whole records).
            prop_assert!(!report.verified || bytes.len() < log.len());
        }
        let _ = report.render("fuzz");
    }
}
