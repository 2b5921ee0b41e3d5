//! The operator console: key map, `update` for every action and refusal, and snapshots of
//! every screen at 80×24 and 160×48 in Chinese and English.

mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use votedesk::console::app::{
    App, Cmd, Ctx, Effect, Layer, Policy, Screen, Tone, bindings, keys, resolve,
};
use votedesk::console::{Lang, view};
use votedesk::engine::{Attendance, Choice, Phase};
use votedesk::recorder::Recorder;

struct Desk {
    app: App,
    _dir: tempfile::TempDir,
}

fn desk(lang: Lang) -> Desk {
    desk_for(common::SMALL, lang)
}

fn desk_for(session: &str, lang: Lang) -> Desk {
    let dir = tempfile::tempdir().expect("tempdir");
    let rec = Recorder::start(
        &common::load(session),
        &dir.path().join("small.log"),
        "tester",
    )
    .expect("start");
    Desk {
        app: App::new(rec, lang, false),
        _dir: dir,
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

impl Desk {
    fn press(&mut self, code: KeyCode) -> &mut Self {
        match self.app.key(key(code)) {
            Some(Effect::Record(a)) => self.app.perform(a),
            Some(Effect::RecordAll(a)) => self.app.perform_all(a),
            Some(Effect::RecordBoxes(b)) => self.app.perform_boxes(b),
            _ => {}
        }
        self
    }
    fn keys(&mut self, s: &str) -> &mut Self {
        for c in s.chars() {
            self.press(KeyCode::Char(c));
        }
        self
    }
    fn enter(&mut self) -> &mut Self {
        self.press(KeyCode::Enter)
    }
    fn esc(&mut self) -> &mut Self {
        self.press(KeyCode::Esc)
    }
    fn message(&self) -> String {
        self.app
            .message
            .as_ref()
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    }
    fn tone(&self) -> Option<Tone> {
        self.app.message.as_ref().map(|(t, _)| *t)
    }
    fn check_in(&mut self, seats: std::ops::RangeInclusive<u32>) -> &mut Self {
        self.keys("a");
        for s in seats {
            self.keys(&s.to_string()).enter();
        }
        self.esc()
    }
    /// Move the agenda cursor to an item and press Enter.
    fn open(&mut self, index: usize) -> &mut Self {
        while self.app.overview.agenda > index {
            self.press(KeyCode::Up);
        }
        while self.app.overview.agenda < index {
            self.press(KeyCode::Down);
        }
        self.enter();
        // Opening asks first (it issues the ballots and locks attendance).
        if matches!(self.app.layers.last(), Some(Layer::Confirm { .. })) {
            self.keys("y");
        }
        self
    }
    fn render(&self, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        t.draw(|f| view::draw(&self.app, f)).expect("draw");
        t.backend().to_string()
    }
}

#[test]
fn key_map_resolves_every_context() {
    let k = |c: char| key(KeyCode::Char(c));
    assert_eq!(
        resolve(Ctx::Overview, k('a'), Policy::default()),
        Some(Cmd::Attendance)
    );
    assert_eq!(
        resolve(Ctx::Overview, k('X'), Policy::default()),
        Some(Cmd::CloseSession)
    );
    assert_eq!(resolve(Ctx::Overview, k('x'), Policy::default()), None);
    assert_eq!(
        resolve(Ctx::Overview, key(KeyCode::Enter), Policy::default()),
        Some(Cmd::Enter)
    );
    assert_eq!(
        resolve(Ctx::Attendance, k('7'), Policy::default()),
        Some(Cmd::Digit(7))
    );
    assert_eq!(
        resolve(Ctx::Attendance, k('l'), Policy::default()),
        Some(Cmd::OnLeave)
    );
    assert_eq!(
        resolve(Ctx::Attendance, k('/'), Policy::default()),
        Some(Cmd::Search)
    );
    assert_eq!(
        resolve(Ctx::VoteChoices, k('1'), Policy::default()),
        Some(Cmd::Mark(Choice::For))
    );
    assert_eq!(
        resolve(Ctx::VoteChoices, k('y'), Policy::default()),
        Some(Cmd::Mark(Choice::For))
    );
    assert_eq!(
        resolve(Ctx::VoteChoices, k('2'), Policy::default()),
        Some(Cmd::Mark(Choice::Against))
    );
    assert_eq!(
        resolve(Ctx::VoteChoices, k('n'), Policy::default()),
        Some(Cmd::Mark(Choice::Against))
    );
    assert_eq!(
        resolve(Ctx::VoteChoices, k('3'), Policy::default()),
        Some(Cmd::Mark(Choice::Abstain))
    );
    assert_eq!(
        resolve(Ctx::VoteChoices, k('a'), Policy::default()),
        Some(Cmd::Mark(Choice::Abstain))
    );
    assert_eq!(
        resolve(Ctx::VoteChoices, k('s'), Policy::default()),
        Some(Cmd::Spoiled)
    );
    assert_eq!(
        resolve(Ctx::VoteTicks, k('0'), Policy::default()),
        Some(Cmd::Digit(0))
    );
    assert_eq!(
        resolve(Ctx::VoteTicks, k(' '), Policy::default()),
        Some(Cmd::Toggle)
    );
    assert_eq!(
        resolve(Ctx::VoteRatings, k('2'), Policy::default()),
        Some(Cmd::Digit(2))
    );
    assert_eq!(
        resolve(Ctx::VoteSeat, k('5'), Policy::default()),
        Some(Cmd::Digit(5))
    );
    assert_eq!(
        resolve(Ctx::Confirm, k('y'), Policy::default()),
        Some(Cmd::Yes)
    );
    assert_eq!(
        resolve(Ctx::Confirm, key(KeyCode::Esc), Policy::default()),
        Some(Cmd::No)
    );
    assert_eq!(
        resolve(Ctx::Confirm, k('q'), Policy::default()),
        None,
        "q does not slip through a dialog"
    );
    assert_eq!(
        resolve(Ctx::Reason, k('q'), Policy::default()),
        Some(Cmd::Text('q'))
    );
    assert_eq!(
        resolve(Ctx::Search, k('张'), Policy::default()),
        Some(Cmd::Text('张'))
    );
    assert_eq!(
        resolve(Ctx::Stopped, k('1'), Policy::default()),
        None,
        "input stops after a write failure"
    );
    assert_eq!(
        resolve(Ctx::Stopped, k('q'), Policy::default()),
        Some(Cmd::Quit)
    );
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for ctx in [
        Ctx::Overview,
        Ctx::VoteChoices,
        Ctx::Reason,
        Ctx::Confirm,
        Ctx::Stopped,
    ] {
        assert_eq!(resolve(ctx, ctrl_c, Policy::default()), Some(Cmd::Quit));
        // Esc always backs out (or cancels) where there is somewhere to go back to.
        if ctx != Ctx::Overview && ctx != Ctx::Stopped {
            assert!(
                matches!(
                    resolve(ctx, key(KeyCode::Esc), Policy::default()),
                    Some(Cmd::Back | Cmd::No)
                ),
                "{ctx:?}"
            );
        }
    }
}

#[test]
fn help_lists_every_key_of_the_screen_below_it() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6).open(0);
    d.keys("?");
    assert_eq!(d.app.layers.last(), Some(&Layer::Help));
    let screen = d.render(160, 48);
    // Every key the policy allows: before the first ballot sealing the boxes, not a
    // correction (there is nothing to withdraw yet).
    let under = d.app.ctx_at(&[]);
    for b in keys(under, d.app.policy())
        .iter()
        .filter(|b| !b.label.is_empty())
    {
        assert!(screen.contains(b.label), "help misses {}", b.label);
        assert!(screen.contains(b.en), "help misses {}", b.en);
    }
    assert!(screen.contains("seal (box labels") && !screen.contains("correct (void"));
    d.esc();
    assert!(d.app.layers.is_empty());
    // After the first ballot it is the other way round.
    d.keys("111").enter();
    d.keys("?");
    let screen = d.render(160, 48);
    assert!(!screen.contains("seal (box labels") && screen.contains("correct (void"));
}

#[test]
fn attendance_fast_path_and_refusals() {
    let mut d = desk(Lang::En);
    d.keys("a");
    assert_eq!(d.app.screen, Screen::Attendance);
    d.keys("3").enter();
    assert_eq!(d.app.rec.state.attendance_of(3), Some(Attendance::Present));
    assert!(d.message().contains("seat 3"));
    d.keys("3").enter();
    assert_eq!(d.tone(), Some(Tone::Bad));
    assert!(d.message().contains("already"), "{}", d.message());
    d.keys("99").enter();
    assert!(d.message().contains("not on the roster"));
    // l marks the selected deputy (the cursor follows the last seat typed) on leave.
    d.keys("4").enter().keys("l");
    assert_eq!(d.app.rec.state.attendance_of(4), Some(Attendance::OnLeave));
    // Checking in a deputy on leave asks first; here the answer is no.
    d.keys("4").enter();
    let Some(Layer::Confirm { question, .. }) = d.app.layers.last() else {
        panic!("a question first: {}", d.message())
    };
    assert!(question.contains("is on leave"), "{question}");
    d.keys("n");
    assert_eq!(d.app.rec.state.attendance_of(4), Some(Attendance::OnLeave));
    d.keys("x");
    assert_eq!(d.app.rec.state.attendance_of(4), Some(Attendance::Absent));
    // Find by name.
    d.keys("/");
    d.keys("戊").enter();
    assert_eq!(d.app.roster_view().len(), 1);
    d.enter();
    assert_eq!(d.app.rec.state.attendance_of(5), Some(Attendance::Present));
    // Everyone else at once, after confirmation, in one record batch.
    d.keys("A");
    let Some(Layer::Confirm {
        question, actions, ..
    }) = d.app.layers.last()
    else {
        panic!("confirm")
    };
    assert!(question.contains("all 4 absent"), "{question}");
    assert_eq!(actions.len(), 4);
    d.keys("y");
    assert_eq!(d.app.rec.state.present(), 6);
    assert!(d.message().contains("4 deputies checked in"));
    d.keys("A");
    assert!(d.message().contains("nobody is absent"));
    d.esc();
    assert_eq!(d.app.screen, Screen::Overview);
}

#[test]
fn no_item_opens_without_quorum() {
    let mut d = desk(Lang::Zh);
    d.check_in(1..=3).open(0);
    assert_eq!(d.app.rec.state.items[0].phase, Phase::Pending);
    assert!(d.message().contains("还需 1 名代表出席"), "{}", d.message());
    assert_eq!(d.app.screen, Screen::Overview);
}

#[test]
fn a_secret_vote_from_ballots_to_declaration_and_a_further_round() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6).open(0);
    assert_eq!(d.app.screen, Screen::Voting);
    assert_eq!(d.app.ctx(), Ctx::VoteChoices);
    // a: 6 for, b and c: 4 for each → tie for the second place.
    for m in ["111", "111", "111", "111", "122", "1nn"] {
        d.keys(m).enter();
        assert!(d.message().starts_with("ballot"), "{}", d.message());
    }
    // A keyed ballot is shown as recorded only after the record exists.
    assert_eq!(d.app.rec.state.items[0].ballots.len(), 6);
    // Unmarked candidates count as abstain. A seventh ballot for six issued asks first,
    // saying it voids the whole vote.
    d.keys("1").enter();
    assert_eq!(d.app.rec.state.items[0].ballots.len(), 6, "asked first");
    assert!(
        d.render(160, 48)
            .contains("WARNING: returned would be 7, more than the 6 issued"),
        "{}",
        d.render(160, 48)
    );
    d.keys("y");
    assert_eq!(d.app.rec.state.items[0].ballots.len(), 7);
    // Correct it: void ballot 7 with a reason.
    d.keys("v");
    assert!(matches!(
        d.app.layers.last(),
        Some(Layer::Corrections { .. })
    ));
    d.enter();
    d.enter();
    assert!(d.message().contains("reason"), "an empty reason is refused");
    d.keys("keyed twice").enter();
    assert!(matches!(d.app.layers.last(), Some(Layer::Confirm { .. })));
    d.keys("y");
    assert!(d.app.rec.state.items[0].ballots[6].voided.is_some());
    // Close: confirmation shows the reconciliation.
    d.keys("c");
    let Some(Layer::Confirm { question, .. }) = d.app.layers.last() else {
        panic!("confirm")
    };
    assert!(question.contains("returned 6"), "{question}");
    d.keys("n");
    assert_eq!(d.app.rec.state.items[0].phase, Phase::Open, "n cancels");
    d.keys("c").keys("y");
    assert_eq!(d.app.screen, Screen::Results(0));
    assert_eq!(d.app.rec.state.items[0].phase, Phase::Closed);
    d.keys("d").keys("y");
    assert_eq!(d.app.rec.state.items[0].phase, Phase::Declared);
    assert!(d.app.rec.declared_at.contains_key("p"));
    let screen = d.render(160, 48);
    assert!(screen.contains("TIE"), "{screen}");
    assert!(screen.contains("f opens a further round"));
    d.keys("d");
    assert!(d.message().contains("never changed"));
    // The further round among the tied.
    d.keys("f");
    let Some(Layer::Confirm { question, .. }) = d.app.layers.last() else {
        panic!("confirm")
    };
    assert!(
        question.contains("项目乙") && question.contains("项目丙"),
        "{question}"
    );
    d.keys("y");
    assert_eq!(d.app.rec.state.items.len(), 5);
    assert_eq!(d.app.overview.agenda, 4);
    d.enter();
    assert_eq!(
        d.app.rec.state.items[4].phase,
        Phase::Pending,
        "opening asks first"
    );
    assert!(
        d.render(160, 48)
            .contains("attendance is locked until voting closes")
    );
    d.keys("y");
    assert_eq!(d.app.rec.state.items[4].phase, Phase::Open);
    for m in ["12", "12", "12", "12", "21", "21"] {
        d.keys(m).enter();
    }
    d.keys("c").keys("y").keys("d").keys("y");
    let (adopted, _) =
        votedesk::tally::adopted_overall(&d.app.rec.state.session, &d.app.rec.state.items, 0);
    assert_eq!(adopted, vec!["a".to_string(), "b".to_string()]);
}

#[test]
fn named_votes_take_the_seat_first_and_refuse_a_second_ballot() {
    let mut d = desk(Lang::En);
    d.check_in(1..=5).open(1);
    assert_eq!(d.app.ctx(), Ctx::VoteSeat);
    d.keys("6").enter();
    assert!(d.message().contains("not checked in"), "{}", d.message());
    d.keys("2").enter();
    assert_eq!(d.app.voting.named_seat, Some(2));
    assert_eq!(d.app.ctx(), Ctx::VoteChoices);
    d.keys("1").enter();
    assert_eq!(d.app.rec.state.items[1].ballots[0].seat, Some(2));
    assert_eq!(d.app.voting.named_seat, None);
    d.keys("2").enter();
    assert!(d.message().contains("already voted"), "{}", d.message());
    assert_eq!(d.app.voting.named_seat, None);
}

#[test]
fn tick_ballots_over_marked_ask_before_recording_void() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6).open(2);
    assert_eq!(d.app.ctx(), Ctx::VoteTicks);
    d.keys("1").enter();
    assert_eq!(d.app.rec.state.items[2].ballots.len(), 1);
    d.keys("12").enter();
    assert!(matches!(d.app.layers.last(), Some(Layer::Confirm { .. })));
    d.keys("n");
    assert_eq!(
        d.app.rec.state.items[2].ballots.len(),
        1,
        "nothing recorded on cancel"
    );
    d.enter().keys("y");
    let t = d.app.rec.state.tally(2);
    assert_eq!((t.ballots().returned, t.ballots().void), (2, 1));
    // A spoiled paper ballot.
    d.keys("s").keys("y");
    assert_eq!(d.app.rec.state.tally(2).ballots().void, 2);
}

#[test]
fn import_from_the_console_checks_the_file_then_asks() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6).open(1);
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "seat,res\n1,赞成\n9,赞成\n").expect("write");
    d.keys("i");
    assert!(matches!(
        d.app.layers.last(),
        Some(Layer::ImportPath { .. })
    ));
    d.keys(&bad.display().to_string()).enter();
    assert!(
        d.message()
            .contains("nothing imported: 1 problem(s), first bad.csv:3:1"),
        "{}",
        d.message()
    );
    assert!(d.app.rec.state.items[1].ballots.is_empty());
    let good = dir.path().join("keypad.csv");
    std::fs::write(&good, "seat,res\n1,赞成\n2,反对\n3,\n").expect("write");
    d.keys("i").keys(&good.display().to_string()).enter();
    let Some(Layer::Confirm { question, .. }) = d.app.layers.last() else {
        panic!("confirm")
    };
    assert!(
        question.contains("Import 2 ballots from keypad.csv (1 rows without a vote"),
        "{question}"
    );
    d.keys("y");
    assert_eq!(d.app.rec.state.items[1].ballots.len(), 2);
    assert!(d.message().contains("2 ballots imported"));
}

#[test]
fn ratings_need_every_subject_rated() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6).open(3);
    assert_eq!(d.app.ctx(), Ctx::VoteRatings);
    d.keys("1").enter();
    assert!(
        d.message().contains("subject 2 is not rated"),
        "{}",
        d.message()
    );
    d.keys("0").enter(); // 0 = 弃权, offered by this item
    let b = &d.app.rec.state.items[3].ballots[0];
    assert_eq!(
        b.marks,
        votedesk::engine::Marks::Ratings {
            labels: vec!["满意".into(), "弃权".into()]
        }
    );
}

#[test]
fn closing_the_session_shows_the_anchor() {
    let mut d = desk(Lang::Zh);
    d.check_in(1..=6).keys("X");
    let Some(Layer::Confirm { question, .. }) = d.app.layers.last() else {
        panic!("confirm")
    };
    assert!(
        question.contains("已宣布 0 个事项，未表决 4 个"),
        "{question}"
    );
    d.keys("y");
    assert!(d.app.rec.state.closed);
    let screen = d.render(80, 24);
    assert!(screen.contains("已闭会"), "{screen}");
    let head = d.app.rec.head().expect("head").to_string();
    assert!(
        screen.contains(&head[..32]) && screen.contains(&head[32..]),
        "full head shown"
    );
}

#[test]
fn a_write_failure_stops_input_and_says_the_ballot_is_not_recorded() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6).open(0);
    d.app.rec.map_storage(|inner| {
        let plan = common::faults::Plan {
            write: Some(1),
            ..Default::default()
        };
        common::faults::Faulty::wrap(inner, plan).0
    });
    d.keys("111").enter();
    assert!(d.app.stopped.is_some());
    assert!(d.message().contains("NOT recorded"), "{}", d.message());
    assert_eq!(d.app.rec.state.items[0].ballots.len(), 0);
    assert_eq!(d.app.ctx(), Ctx::Stopped);
    d.keys("111").enter();
    assert_eq!(d.app.rec.state.items[0].ballots.len(), 0);
    assert!(d.render(80, 24).contains("NOT recorded"));
}

#[test]
fn resume_comes_back_to_the_open_item() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("small.log");
    let loaded = common::load(common::SMALL);
    {
        let rec = Recorder::start(&loaded, &path, "tester").expect("start");
        let mut d = Desk {
            app: App::new(rec, Lang::En, false),
            _dir: tempfile::tempdir().expect("tmp"),
        };
        d.check_in(1..=6).open(0).keys("111").enter();
    }
    let rec = Recorder::start(&loaded, &path, "tester").expect("resume");
    let app = App::new(rec, Lang::En, false);
    assert_eq!(app.screen, Screen::Voting);
    assert_eq!(app.rec.state.items[0].ballots.len(), 1);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|(_, m)| m.contains("resumed"))
    );
}

/// Every screen and layer, for the snapshots.
fn screens(lang: Lang) -> Vec<(&'static str, Desk)> {
    let mut out = Vec::new();
    let d = desk(lang);
    out.push(("overview-new", d));
    let mut d = desk(lang);
    d.keys("a")
        .keys("1")
        .enter()
        .keys("2")
        .enter()
        .keys("3")
        .enter()
        .keys("4")
        .enter()
        .keys("l");
    d.keys("5");
    out.push(("attendance", d));
    let mut d = desk(lang);
    d.check_in(1..=6).open(0).keys("12");
    out.push(("voting-choices", d));
    let mut d = desk(lang);
    d.check_in(1..=6).open(1);
    out.push(("voting-named-seat", d));
    let mut d = desk(lang);
    d.check_in(1..=6).open(2).keys("12");
    out.push(("voting-ticks-overmarked", d));
    let mut d = desk(lang);
    d.check_in(1..=6).open(3).keys("1");
    out.push(("voting-rating", d));
    let mut d = desk(lang);
    d.check_in(1..=6).open(0);
    for m in ["111", "111", "111", "111", "122", "122"] {
        d.keys(m).enter();
    }
    d.keys("c");
    out.push(("confirm-close", d));
    let mut d = desk(lang);
    d.check_in(1..=6).open(0);
    for m in ["111", "111", "111", "111", "122", "122"] {
        d.keys(m).enter();
    }
    d.keys("c").keys("y").keys("d").keys("y");
    out.push(("results-tie-declared", d));
    let mut d = desk(lang);
    d.check_in(1..=6)
        .open(0)
        .keys("111")
        .enter()
        .keys("123")
        .enter()
        .keys("v");
    out.push(("corrections", d));
    let mut d = desk(lang);
    d.check_in(1..=6).open(0).keys("?");
    out.push(("help-voting", d));
    let mut d = desk(lang);
    d.check_in(1..=6)
        .open(0)
        .keys("111")
        .enter()
        .keys("v")
        .enter()
        .keys("重复录入");
    out.push(("reason-correction", d));
    let mut d = desk(lang);
    d.check_in(1..=6).open(0).keys("o").keys("签名");
    out.push(("reason-void-ballot", d));
    let mut d = desk(lang);
    d.check_in(1..=6).open(0).keys("i").keys("keypad.csv");
    out.push(("import-path", d));
    let mut d = desk(lang);
    d.keys("a/").keys("甲");
    out.push(("attendance-search", d));
    let mut d = desk(lang);
    d.check_in(1..=6).open(3).keys("1b");
    out.push(("voting-rating-blank", d));
    let mut d = desk(lang);
    d.check_in(1..=6).keys("X").keys("y");
    out.push(("session-closed", d));
    // The counting room: a station keying box 1, and the console comparing two entries.
    let (mut main, mut a) = station_desks(lang);
    a.keys("12");
    out.push(("station-voting", a));
    let path = boxes_path(&main);
    main.keys("i").keys(&path).enter();
    out.push(("boxes-compared", main));
    let (mut main, _) = station_desks(lang);
    let path = boxes_path(&main);
    main.keys("i").keys(&path).enter().keys("2");
    main.keys("纸面为弃权");
    out.push(("boxes-reason", main));
    let (mut main, _) = station_desks(lang);
    decide_box1(&mut main);
    out.push(("confirm-boxes", main));
    // Box 1 recorded with 2 ballots of the 3 collected: closing asks the scrutineers why.
    let (mut main, _) = station_desks(lang);
    decide_box1(&mut main);
    main.keys("y").keys("c").keys("会场清点多计 1 张");
    out.push(("reconcile", main));
    // The hall seals the round's boxes before any is opened: labels, then the count.
    let mut d = desk(lang);
    d.check_in(1..=6).open(0);
    d.keys("x").keys("1,2,3").enter().keys("6");
    out.push(("seal-collected", d));
    out
}

/// At the console of `station_desks`: import box 1 and decide everything it asks, heads
/// read from the signed sheets (the station logs' own), up to the question.
fn decide_box1(main: &mut Desk) {
    let dir = main._dir.path().join("boxes");
    let head = |t: &str| {
        votedesk::station::read_file(&dir.join(format!("{t}.log")))
            .expect("station log")
            .head[..8]
            .to_string()
    };
    let (a, b) = (head("乙"), head("甲"));
    let path = boxes_path(main);
    main.keys("i").keys(&path).enter();
    // Each answer moves on to the next row still to decide.
    main.keys("h").keys(&format!("{a} 监票人丁")).enter();
    main.keys("h").keys(&format!("{b} 监票人丁")).enter();
    main.keys("2").keys("纸面为弃权").enter();
    main.keys("k").keys("复点为 2 张").enter().enter();
}

fn boxes_path(d: &Desk) -> String {
    d._dir.path().join("boxes").display().to_string()
}

/// The small session with item "p" open at the console, and two stations that keyed box 1
/// (hand count 3) from it: 甲 and 乙 read ballot 2 differently and each keyed 2 ballots.
/// Returns the console and 甲's station, still open on its second ballot.
fn station_desks(lang: Lang) -> (Desk, Desk) {
    use votedesk::recorder::StationStart;
    let mut main = desk(lang);
    main.check_in(1..=6).open(0);
    // The hall seals box 1 with the 3 ballots collected, before it is opened.
    main.keys("x").keys("1").enter().keys("3").enter().keys("y");
    assert!(
        main.app.rec.state.items[0].sealed.is_some(),
        "{:?}",
        main.app.message
    );
    let dir = main._dir.path().to_path_buf();
    std::fs::create_dir_all(dir.join("boxes")).expect("boxes");
    let start = |teller: &str| StationStart {
        session_log: dir.join("small.log"),
        item: "p".into(),
        r#box: "1".into(),
        teller: teller.into(),
        hand_count: 3,
        order_kept: true,
        out: dir.join("boxes").join(format!("{teller}.log")),
    };
    let rec = Recorder::station(&start("乙")).expect("station");
    let mut b = Desk {
        app: App::new(rec, lang, false),
        _dir: tempfile::tempdir().expect("tempdir"),
    };
    b.keys("111")
        .enter()
        .keys("213")
        .enter()
        .keys("c")
        .keys("y");
    let rec = Recorder::station(&start("甲")).expect("station");
    let mut a = Desk {
        app: App::new(rec, lang, false),
        _dir: tempfile::tempdir().expect("tempdir"),
    };
    a.keys("111")
        .enter()
        .keys("211")
        .enter()
        .keys("c")
        .keys("y");
    // 甲's screen after closing is read-only: show one still keying instead.
    let rec = Recorder::station(&StationStart {
        out: dir.join("keying.log"),
        ..start("丙")
    })
    .expect("station");
    let mut c = Desk {
        app: App::new(rec, lang, false),
        _dir: tempfile::tempdir().expect("tempdir"),
    };
    c.keys("111").enter();
    drop(a);
    (main, c)
}

#[test]
fn snapshots_of_every_screen() {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"[0-9a-f]{16,64}", "[hash]");
    // A station log's head in groups of four, as the scrutineers read it aloud.
    settings.add_filter(r"(?:[0-9a-f]{4} ){3,}[0-9a-f]{4}", "[head groups]");
    settings.add_filter(r"/tmp/\.tmp\w+/", "/tmp/…/");
    settings.add_filter(r"/tmp/\.tmp\w*…?", "/tmp/…");
    settings.set_snapshot_path("snapshots/console");
    settings.bind(|| {
        for lang in [Lang::Zh, Lang::En] {
            let l = if lang == Lang::Zh { "zh" } else { "en" };
            for (name, d) in screens(lang) {
                for (w, h) in [(80u16, 24u16), (160, 48)] {
                    let screen = d.render(w, h);
                    // Wide characters never overlap a border or each other.
                    for line in screen.lines() {
                        if let Some((_, hidden)) =
                            line.split_once("Hidden by multi-width symbols: ")
                        {
                            let only_blanks = hidden
                                .split("\"")
                                .enumerate()
                                .filter(|(i, _)| i % 2 == 1)
                                .all(|(_, s)| s.trim().is_empty());
                            assert!(only_blanks, "{name} {l} {w}x{h}: {line}");
                        }
                    }
                    insta::assert_snapshot!(format!("{name}-{l}-{w}x{h}"), screen);
                }
            }
        }
        let d = desk(Lang::Zh);
        insta::assert_snapshot!("too-small-zh-79x23", d.render(79, 23));
        let d = desk(Lang::En);
        insta::assert_snapshot!("too-small-en-60x20", d.render(60, 20));
    });
}

#[test]
fn no_color_theme_has_no_colours() {
    let mut d = desk(Lang::En);
    d.app.no_color = true;
    d.check_in(1..=6).open(0).keys("1");
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    t.draw(|f| view::draw(&d.app, f)).expect("draw");
    for cell in t.backend().buffer().content() {
        assert_eq!(
            cell.fg,
            ratatui::style::Color::Reset,
            "no foreground colour under NO_COLOR"
        );
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
}

#[test]
fn more_for_than_max_for_asks_before_recording_a_void_ballot() {
    let text = common::SMALL.replacen("places: 2,", "places: 2,\n            max_for: 2,", 1);
    let mut d = desk_for(&text, Lang::Zh);
    d.check_in(1..=6).open(0);
    d.keys("11");
    assert!(
        d.render(80, 24).contains("赞成 2 / 最多 2"),
        "{}",
        d.render(80, 24)
    );
    d.keys("1");
    assert!(d.render(80, 24).contains("超选，无效票"));
    d.enter();
    assert_eq!(d.app.rec.state.items[0].ballots.len(), 0, "asked first");
    assert!(d.render(80, 24).contains("本票赞成 3 项，超过 2 项"));
    d.keys("y");
    assert_eq!(d.app.rec.state.items[0].ballots.len(), 1);
    assert_eq!(d.app.rec.state.tally(0).ballots().void, 1);
}

#[test]
fn the_overview_shows_vacancies_apart_from_absences() {
    let text = common::SMALL.replacen("body: Congress,", "body: Congress,\n    seated: 8,", 1);
    let d = desk_for(&text, Lang::Zh);
    let screen = d.render(80, 24);
    assert!(screen.contains("缺席              6"), "{screen}");
    assert!(screen.contains("缺额              2"), "{screen}");
    let plain = desk(Lang::Zh).render(80, 24);
    assert!(!plain.contains("缺额"), "no vacancy line without vacancies");
}

#[test]
fn closing_with_a_void_vote_not_re_run_names_it_in_the_question() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6).open(0);
    for _ in 0..7 {
        d.keys("111").enter();
        if d.render(160, 48).contains("void") {
            d.keys("y");
        }
    }
    assert_eq!(
        d.app.rec.state.items[0].ballots.len(),
        7,
        "{}",
        d.render(160, 48)
    );
    d.keys("c");
    d.keys("y");
    d.keys("d");
    d.keys("y");
    assert!(
        d.app.rec.state.items[0].declared.is_some(),
        "{}",
        d.render(160, 48)
    );
    d.esc();
    d.keys("X");
    let screen = d.render(160, 48);
    assert!(
        screen.contains("WARNING: the vote on p was void and never re-run"),
        "{screen}"
    );
}

#[test]
fn a_stray_enter_never_records_a_blank_ballot_and_b_asks_for_one() {
    let mut d = desk(Lang::Zh);
    d.check_in(1..=6).open(0);
    d.enter().enter();
    assert_eq!(d.app.rec.state.items[0].ballots.len(), 0, "double Enter");
    assert!(d.message().contains("空白票请按 b"), "{}", d.message());
    d.keys("b");
    assert_eq!(d.app.rec.state.items[0].ballots.len(), 0, "asked first");
    assert!(d.render(80, 24).contains("空白票"));
    d.keys("y");
    let items = &d.app.rec.state.items[0];
    assert_eq!(items.ballots.len(), 1);
    assert_eq!(
        items.ballots[0].marks,
        common::choices("xxx"),
        "all abstain"
    );
}

#[test]
fn backspace_takes_back_the_last_mark() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6).open(0);
    d.keys("12");
    d.press(KeyCode::Backspace);
    d.keys("3").enter();
    let b = &d.app.rec.state.items[0].ballots;
    assert_eq!(b.len(), 1);
    // for, abstain (re-keyed), and the untouched third counts as abstain.
    assert_eq!(b[0].marks, common::choices("fxx"));
}

#[test]
fn attendance_keys_act_on_the_typed_seat_before_the_highlighted_row() {
    let mut d = desk(Lang::En);
    d.keys("a");
    assert_eq!(d.app.attendance.cursor, 0, "seat 1 highlighted");
    d.keys("5l");
    use votedesk::engine::Attendance;
    assert_eq!(d.app.rec.state.attendance_of(5), Some(Attendance::OnLeave));
    assert_eq!(d.app.rec.state.attendance_of(1), Some(Attendance::Absent));
    // Without a typed seat, the highlighted row.
    d.keys("l");
    assert_eq!(d.app.rec.state.attendance_of(1), Some(Attendance::OnLeave));
}

#[test]
fn no_key_records_anything_while_the_window_is_too_small() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6).open(0);
    d.app.too_small = true;
    d.keys("111").enter();
    d.keys("sy").keys("by").keys("c").keys("y");
    assert_eq!(d.app.rec.state.items[0].ballots.len(), 0);
    assert_eq!(d.app.rec.state.items[0].phase, Phase::Open);
    d.app.too_small = false;
    d.keys("111").enter();
    assert_eq!(d.app.rec.state.items[0].ballots.len(), 1);
}

#[test]
fn refusals_come_before_questions_and_questions_say_what_follows() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6).open(0);
    for _ in 0..2 {
        d.keys("111").enter();
    }
    // Closing says how many ballots are still out.
    d.keys("c");
    let Some(Layer::Confirm { question, .. }) = d.app.layers.last() else {
        panic!("confirm")
    };
    assert!(
        question.contains("4 ballot(s) not yet returned"),
        "{question}"
    );
    d.keys("n");
    // X with an item open is refused at once, with no question to answer first.
    d.esc();
    d.keys("X");
    assert!(d.app.layers.is_empty(), "no question before a refusal");
    assert!(
        d.message().contains("is open; close and declare it"),
        "{}",
        d.message()
    );
    // f before d: declare first.
    d.keys("c").keys("y");
    d.keys("f");
    assert!(
        d.message().contains("declare the result first"),
        "{}",
        d.message()
    );
}

#[test]
fn corrections_jump_by_number_and_the_counter_agrees_with_returned() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6).open(0);
    for _ in 0..5 {
        d.keys("111").enter();
    }
    // Ballot 2 of 5: type its number instead of pressing ↓ three times.
    d.keys("v").keys("2");
    let Some(Layer::Corrections { selected, .. }) = d.app.layers.last() else {
        panic!("corrections")
    };
    assert_eq!(d.app.live_ballot_numbers()[*selected], 2);
    d.enter();
    d.keys("dup").enter();
    d.keys("y");
    assert!(
        d.app.rec.state.items[0].ballots[1].voided.is_some(),
        "{}",
        d.message()
    );
    // The same paper is keyed next and keeps its number (entry 6, paper 2).
    assert!(
        d.render(160, 48).contains("Ballot 2 (keyed again)"),
        "{}",
        d.render(160, 48)
    );
    d.keys("111").enter();
    assert_eq!(d.message(), "ballot 2 keyed again (returned 5, entry 6)");
    let b = &d.app.rec.state.items[0].ballots[5];
    assert_eq!((b.number, b.paper, b.replaces), (6, 2, Some(2)));
    // The list and the question speak of papers: "2" jumps to paper 2 (entry 6).
    d.keys("v").keys("2");
    let Some(Layer::Corrections { selected, .. }) = d.app.layers.last() else {
        panic!("corrections")
    };
    assert_eq!(d.app.live_ballot_numbers()[*selected], 6);
    d.enter().keys("why").enter();
    let question = match d.app.layers.last() {
        Some(Layer::Confirm { question, .. }) => question.clone(),
        other => panic!("{other:?}"),
    };
    assert!(question.starts_with("Void ballot 2 (FFF)"), "{question}");
    // The marks by candidate, on request, and hidden again; the question stays.
    assert!(d.render(100, 30).contains("t by candidate"));
    d.keys("t");
    let screen = d.render(100, 30);
    assert!(
        screen.contains("1 项目甲 for; 2 项目乙 for; 3 项目丙 for"),
        "{screen}"
    );
    d.keys("t");
    assert!(!d.render(100, 30).contains("1 项目甲 for"));
    d.keys("n");
    // Paper 5 was keyed twice: withdrawn, not keyed again (Esc); the next paper is 5 again.
    d.keys("v")
        .keys("5")
        .enter()
        .keys("keyed twice")
        .enter()
        .keys("y");
    d.esc();
    assert_eq!(
        d.message(),
        "not keyed again: the next ballot is a new paper"
    );
    assert!(
        d.render(160, 48).contains("Ballot 5 "),
        "{}",
        d.render(160, 48)
    );
    d.keys("111").enter();
    assert_eq!(d.message(), "ballot 5 recorded (returned 5, entry 7)");
}

const EVERY_CTX: [Ctx; 18] = [
    Ctx::Overview,
    Ctx::Attendance,
    Ctx::VoteSeat,
    Ctx::VoteChoices,
    Ctx::VoteTicks,
    Ctx::VoteRatings,
    Ctx::Results,
    Ctx::Help,
    Ctx::Confirm,
    Ctx::Corrections,
    Ctx::Reason,
    Ctx::Search,
    Ctx::ImportPath,
    Ctx::Boxes,
    Ctx::BoxReason,
    Ctx::Seal,
    Ctx::Reconcile,
    Ctx::Stopped,
];

/// A key press that a binding answers to.
fn press_of(b: &votedesk::console::app::Binding) -> KeyEvent {
    use votedesk::console::app::Key;
    match b.key {
        Key::Char(c) => key(KeyCode::Char(c)),
        Key::Code(c) => key(c),
        Key::Digits => key(KeyCode::Char('1')),
        Key::AnyText => key(KeyCode::Char('z')),
    }
}

#[test]
fn key_policy_a_closed_session_or_a_small_window_resolves_no_recording_key() {
    let closed = Policy {
        closed: true,
        ..Policy::default()
    };
    let small = Policy {
        too_small: true,
        ..Policy::default()
    };
    let mut recording = 0;
    for ctx in EVERY_CTX {
        for b in bindings(ctx) {
            let k = press_of(&b);
            if b.records {
                recording += 1;
                let got = resolve(ctx, k, closed);
                // The key may mean something else that records nothing (an alias); never
                // the recording command.
                assert!(
                    got.is_none()
                        || keys(ctx, closed)
                            .iter()
                            .any(|o| Some(o.cmd) == got && !o.records),
                    "{ctx:?}: {:?} resolves to {got:?} in a closed session",
                    b.label
                );
            }
            // A window too small for the screen takes no key but quit.
            let got = resolve(ctx, k, small);
            assert!(
                got.is_none() || got == Some(Cmd::Quit),
                "{ctx:?}: {:?} acts in a too-small window: {got:?}",
                b.label
            );
        }
        // Ctrl-C always quits.
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(resolve(ctx, ctrl_c, closed), Some(Cmd::Quit));
        assert_eq!(resolve(ctx, ctrl_c, small), Some(Cmd::Quit));
    }
    assert!(recording >= 20, "recording keys are marked: {recording}");
}

#[test]
fn key_policy_no_key_records_anything_after_the_session_is_closed() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6).keys("X");
    d.keys("y");
    assert!(d.app.rec.state.closed);
    let records = d.app.rec.state.records;
    let mut codes: Vec<KeyCode> =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /?"
            .chars()
            .filter(|&c| c != 'q')
            .map(KeyCode::Char)
            .collect();
    codes.extend([
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Backspace,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::PageUp,
        KeyCode::PageDown,
    ]);
    // Every key, then every key again from whatever screen or layer the first round left.
    for _ in 0..3 {
        for &c in &codes {
            let effect = d.app.key(key(c));
            assert!(
                !matches!(effect, Some(Effect::Record(_) | Effect::RecordAll(_))),
                "{c:?} would record in a closed session (context {:?})",
                d.app.ctx()
            );
        }
    }
    assert_eq!(d.app.rec.state.records, records);
}

#[test]
fn key_policy_footer_and_help_list_exactly_the_keys_allowed() {
    // A closed session: the overview's footer and help offer no recording key.
    let mut d = desk(Lang::En);
    d.check_in(1..=6).keys("X");
    d.keys("y");
    let policy = d.app.policy();
    assert!(policy.closed);
    let footer = d.render(160, 48);
    for b in bindings(Ctx::Overview)
        .iter()
        .filter(|b| !b.label.is_empty())
    {
        let listed = footer.contains(&format!(
            "{} {}",
            b.label,
            b.en.split(['(', '/']).next().unwrap_or(b.en).trim()
        ));
        assert_eq!(
            listed,
            policy.allows(b),
            "footer and policy differ on {:?} ({})",
            b.label,
            b.en
        );
    }
    d.keys("?");
    let help = d.render(160, 48);
    for b in bindings(Ctx::Overview)
        .iter()
        .filter(|b| !b.label.is_empty())
    {
        assert_eq!(
            help.contains(b.en),
            policy.allows(b),
            "help and policy differ on {:?} ({})",
            b.label,
            b.en
        );
    }
}

#[test]
fn a_standing_committee_is_spoken_of_as_members_not_deputies() {
    let text = std::fs::read_to_string(common::repo("sessions/hanggin-standing-review.ron"))
        .expect("session");
    let mut d = desk_for(&text, Lang::Zh);
    d.keys("a");
    let screen = d.render(160, 48);
    assert!(screen.contains("组成人员名单"), "{screen}");
    assert!(!screen.contains("代表"), "{screen}");
    d.keys("?");
    let help = d.render(160, 48);
    assert!(help.contains("选中委员"), "{help}");
    assert!(!help.contains("代表"), "{help}");
    d.esc().keys("999").enter();
    let screen = d.render(160, 48);
    assert!(screen.contains("不在组成人员名单中"), "{screen}");
    let mut d = desk_for(&text, Lang::En);
    d.keys("a?");
    let help = d.render(160, 48);
    assert!(help.contains("the selected member"), "{help}");
    assert!(!help.contains("deput"), "{help}");
    // A congress keeps its deputies.
    let mut d = desk(Lang::Zh);
    d.keys("a");
    assert!(d.render(160, 48).contains("代表名单"));
}

#[test]
fn the_agenda_row_never_cuts_a_count() {
    // The bundled session: 165 present, a long item title.
    let dir = tempfile::tempdir().expect("tempdir");
    let loaded = votedesk::session::load_file(&common::repo("sessions/hanggin-2024.ron"))
        .expect("bundled session");
    let mut rec = Recorder::start(&loaded, &dir.path().join("h.log"), "t").expect("start");
    let seats: Vec<u32> = loaded
        .session
        .roster
        .iter()
        .filter(|d| !d.on_leave)
        .map(|d| d.seat)
        .collect();
    rec.record_batch(
        seats
            .iter()
            .map(|&s| votedesk::engine::Action::CheckIn(s))
            .collect(),
    )
    .expect("check in");
    let item = loaded.session.items[0].id().to_string();
    rec.record(votedesk::engine::Action::OpenItem(item.clone()))
        .expect("open");
    let n = loaded.session.items[0].choice_ids().len();
    for _ in 0..27 {
        rec.record(votedesk::engine::Action::RecordBallot {
            item: item.clone(),
            seat: None,
            marks: votedesk::engine::Marks::Choices {
                choices: vec![Choice::Abstain; n],
            },
        })
        .expect("ballot");
    }
    let issued = rec.state.present();
    let mut d = Desk {
        app: App::new(rec, Lang::Zh, false),
        _dir: dir,
    };
    // From the ballot screen back to the agenda.
    d.esc();
    assert_eq!(d.app.screen, Screen::Overview);
    for (w, h) in [(80, 24), (160, 48)] {
        let screen = d.render(w, h);
        assert!(
            screen.contains(&format!("收回 27/{issued}")),
            "{w}x{h}: the count is cut:\n{screen}"
        );
    }
}

#[test]
fn every_footer_hint_shows_at_80x24_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        for (name, d) in screens(lang) {
            let screen = d.render(80, 24);
            let footer: Vec<&str> = screen.lines().rev().take(2).collect();
            let footer = footer.join("\n");
            for b in keys(d.app.ctx(), d.app.policy())
                .iter()
                .filter(|b| !b.label.is_empty())
            {
                assert!(
                    footer.contains(&format!("{} ", b.label)),
                    "{name} {lang:?}: {:?} missing from the footer:\n{footer}",
                    b.label
                );
            }
        }
    }
}

#[test]
fn a_rating_ballot_may_leave_a_subject_blank_after_a_question() {
    let mut d = desk(Lang::Zh);
    d.check_in(1..=6).open(3);
    // Subject 1 rated 满意, subject 2 left blank with b.
    d.keys("1b");
    let screen = d.render(160, 48);
    assert!(screen.contains("[未评]"), "{screen}");
    d.enter();
    let Some(Layer::Confirm { question, .. }) = d.app.layers.last() else {
        panic!("a blank subject asks first: {}", d.message())
    };
    assert!(question.contains("第 2 个测评对象未评"), "{question}");
    assert!(
        d.app.rec.state.items[3].ballots.is_empty(),
        "nothing before the answer"
    );
    d.keys("y");
    let b = &d.app.rec.state.items[3].ballots[0];
    assert_eq!(
        b.marks,
        votedesk::engine::Marks::Ratings {
            labels: vec!["满意".into(), String::new()]
        }
    );
    // The blank subject counts under no label: 1 ballot, subject 2 has no 满意/基本满意/不满意.
    let t = d.app.rec.state.tally(3);
    let votedesk::tally::ItemTally::Rating(r) = t else {
        panic!("rating")
    };
    assert_eq!(r.ballots.valid, 1);
    assert_eq!(r.subjects[1].counts.iter().sum::<u32>(), 0);
    assert_eq!(r.subjects[1].blank, 1);
    assert_eq!(r.subjects[1].abstain, 0);
}

#[test]
fn a_ballot_void_for_another_reason_asks_the_reason_then_confirmation() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6).open(0);
    d.keys("o");
    assert_eq!(d.app.ctx(), Ctx::Reason);
    d.enter();
    assert!(
        d.message().contains("a void ballot needs its reason"),
        "{}",
        d.message()
    );
    d.keys("signed by the voter").enter();
    let Some(Layer::Confirm { question, .. }) = d.app.layers.last() else {
        panic!("confirmation expected: {}", d.message())
    };
    assert!(
        question.contains("Record a VOID ballot? Reason: signed by the voter"),
        "{question}"
    );
    assert!(
        d.app.rec.state.items[0].ballots.is_empty(),
        "nothing before the answer"
    );
    d.keys("y");
    let b = &d.app.rec.state.items[0].ballots[0];
    assert_eq!(
        b.marks,
        votedesk::engine::Marks::Void {
            reason: "signed by the voter".into()
        }
    );
    let t = d.app.rec.state.tally(0);
    assert_eq!(
        (t.ballots().returned, t.ballots().valid, t.ballots().void),
        (1, 0, 1)
    );
}

#[test]
fn checking_in_a_deputy_on_leave_asks_first_and_the_engine_allows_it() {
    let mut d = desk(Lang::Zh);
    d.keys("a").keys("4").keys("l");
    assert_eq!(d.app.rec.state.attendance_of(4), Some(Attendance::OnLeave));
    d.keys("4").enter();
    let Some(Layer::Confirm { question, .. }) = d.app.layers.last() else {
        panic!("a question first: {}", d.message())
    };
    assert!(
        question.contains("4 号代表已请假：改为报到出席？"),
        "{question}"
    );
    assert_eq!(d.app.rec.state.attendance_of(4), Some(Attendance::OnLeave));
    d.keys("y");
    assert_eq!(d.app.rec.state.attendance_of(4), Some(Attendance::Present));
}

#[test]
fn no_two_keys_of_a_context_are_the_same_key() {
    use votedesk::console::app::Key;
    for ctx in EVERY_CTX {
        let all = bindings(ctx);
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                let same = match (a.key, b.key) {
                    (Key::Char(x), Key::Char(y)) => x == y,
                    (Key::Code(x), Key::Code(y)) => x == y,
                    (Key::Digits, Key::Char(c)) | (Key::Char(c), Key::Digits) => c.is_ascii_digit(),
                    _ => false,
                };
                assert!(
                    !same || a.cmd == b.cmd,
                    "{ctx:?}: {:?} and {:?} share a key",
                    a.label,
                    b.label
                );
            }
        }
    }
}

#[test]
fn key_policy_with_no_item_open_no_key_records_a_ballot_a_close_or_a_declaration() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6);
    let codes: Vec<KeyCode> = ('!'..='~')
        .map(KeyCode::Char)
        .chain([
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Backspace,
            KeyCode::Up,
            KeyCode::Down,
        ])
        .collect();
    for _ in 0..2 {
        for &c in &codes {
            // Never answer yes: a key alone must not record anything of a vote.
            if c == KeyCode::Char('y') || c == KeyCode::Char('Y') {
                continue;
            }
            let effect = d.app.key(key(c));
            if let Some(Effect::Record(action)) = &effect {
                assert!(
                    matches!(
                        action,
                        votedesk::engine::Action::CheckIn(_)
                            | votedesk::engine::Action::MarkOnLeave(_)
                            | votedesk::engine::Action::MarkAbsent(_)
                    ),
                    "{c:?} in {:?} would record {action:?} with no item open",
                    d.app.ctx()
                );
            }
            assert!(
                !matches!(effect, Some(Effect::RecordAll(_) | Effect::RecordBoxes(_))),
                "{c:?} records a batch with no item open"
            );
            if effect == Some(Effect::Quit) {
                d.app.quit = false;
            }
        }
    }
    let st = &d.app.rec.state;
    assert!(st.open.is_none());
    assert!(st.items.iter().all(|i| i.ballots.is_empty()));
}

#[test]
fn the_acknowledgement_stays_until_the_next_record_and_all_returned_is_said() {
    let mut d = desk(Lang::Zh);
    d.check_in(1..=6).open(0);
    d.keys("111").enter();
    assert!(
        d.message().starts_with("第 1 张选票已记录"),
        "{}",
        d.message()
    );
    // A second Enter on the empty next ballot: a hint, and the acknowledgement stays.
    d.enter();
    assert!(d.message().contains("本票尚未标记"), "{}", d.message());
    let screen = d.render(80, 24);
    assert!(screen.contains("✔ 第 1 张选票已记录"), "{screen}");
    // Marking the ballot makes the hint stale: it goes, the acknowledgement stays.
    d.keys("1");
    assert!(!d.message().contains("本票尚未标记"), "{}", d.message());
    assert!(d.render(80, 24).contains("✔ 第 1 张选票已记录"));
    d.keys("11").enter();
    assert!(d.render(80, 24).contains("✔ 第 2 张选票已记录"));
    assert!(!d.render(160, 48).contains("已全部收回"));
    for _ in 0..4 {
        d.keys("111").enter();
    }
    let screen = d.render(160, 48);
    assert!(screen.contains("已全部收回（6/6）"), "{screen}");
}

#[test]
fn no_verdict_before_a_ballot_a_provisional_one_until_declared_then_the_declared_one() {
    let mut d = desk(Lang::Zh);
    d.check_in(1..=6).open(0);
    let screen = d.render(160, 48);
    assert!(
        !screen.contains("未通过") && !screen.contains("通过 "),
        "{screen}"
    );
    for _ in 0..4 {
        d.keys("11").enter();
    }
    let screen = d.render(160, 48);
    // The verdict column is headed 暂计 (provisional) until the declaration.
    assert!(
        screen.contains("弃权 暂计") && screen.contains("通过"),
        "{screen}"
    );
    d.keys("c").keys("y");
    d.keys("d").keys("y");
    let screen = d.render(160, 48);
    assert!(
        screen.contains("通过") && !screen.contains("暂计"),
        "{screen}"
    );
    // A rating at 0 ballots shows no rate and no grade.
    let mut d = desk(Lang::Zh);
    d.check_in(1..=6).open(3);
    let screen = d.render(160, 48);
    assert!(
        !screen.contains("0.0%") && !screen.contains("不满意      "),
        "{screen}"
    );
}

#[test]
fn a_rating_shows_blank_subjects_and_says_when_subjects_are_not_shown() {
    use votedesk::engine::{Action, Marks};
    let dir = tempfile::tempdir().expect("tempdir");
    let loaded = votedesk::session::load_file(&common::repo("sessions/hanggin-2025-rating.ron"))
        .expect("session");
    let mut rec = Recorder::start(&loaded, &dir.path().join("r.log"), "t").expect("start");
    let seats: Vec<u32> = loaded.session.roster.iter().map(|d| d.seat).collect();
    rec.record_batch(seats.iter().map(|s| Action::CheckIn(*s)).collect())
        .expect("in");
    let id = loaded.session.items[0].id().to_string();
    rec.record(Action::OpenItem(id.clone())).expect("open");
    let n = loaded.session.items[0].choice_ids().len();
    let mut labels = vec!["满意".to_string(); n];
    labels[0] = String::new();
    rec.record(Action::RecordBallot {
        item: id,
        seat: None,
        marks: Marks::Ratings { labels },
    })
    .expect("a ballot with the first subject blank");
    let mut app = App::new(rec, Lang::Zh, false);
    app.screen = Screen::Voting;
    let d = Desk { app, _dir: dir };
    let big = d.render(160, 48);
    assert!(big.contains("未评"), "{big}");
    let small = d.render(80, 24);
    assert!(small.contains("项未显示"), "{small}");
    if std::env::var_os("PEEK").is_some() {
        println!("{small}");
    }
}

#[test]
fn unfilled_places_are_spoken_of_in_one_wording_that_says_what_may_follow() {
    let mut d = desk(Lang::Zh);
    d.check_in(1..=6).open(0);
    for _ in 0..6 {
        d.keys("1").enter();
    }
    d.keys("c").keys("y");
    d.keys("d").keys("y");
    let screen = d.render(160, 48);
    assert!(
        screen.contains("1 个名额未满：可按 f 另行票决补足；也可不再表决，名额空缺"),
        "{screen}"
    );
    d.esc();
    let screen = d.render(160, 48);
    assert!(screen.contains("名额未满"), "{screen}");
    assert!(!screen.contains("需另行票决"), "{screen}");
}

#[test]
fn a_ballots_marks_read_in_fives_and_the_void_question_shows_them() {
    use votedesk::engine::Marks;
    let ten = Marks::Choices {
        choices: "ffnnfnffaf"
            .chars()
            .map(|k| match k {
                'f' => Choice::For,
                'n' => Choice::Against,
                _ => Choice::Abstain,
            })
            .collect(),
    };
    assert_eq!(
        votedesk::console::view::marks_summary(Lang::Zh, &ten, &[]),
        "赞赞反反赞 · 反赞赞弃赞"
    );
    // The void question names the ballot and its marks.
    let mut d = desk(Lang::Zh);
    d.check_in(1..=6).open(0);
    d.keys("12").enter();
    d.keys("v").enter();
    d.keys("misread").enter();
    let screen = d.render(160, 48);
    assert!(screen.contains("作废第 1 张选票（赞反弃）？"), "{screen}");
}

#[test]
fn the_rating_forms_legend_is_whole_at_80x24() {
    let mut d = desk(Lang::Zh);
    d.check_in(1..=6).open(3);
    let screen = d.render(80, 24);
    for key in ["1 满意", "2 基本满意", "3 不满意", "0 弃权"] {
        assert!(screen.contains(key), "{key}: {screen}");
    }
}

#[test]
fn a_round_counted_in_boxes_closes_only_with_the_scrutineers_reason_when_they_do_not_add_up() {
    let (mut main, _) = station_desks(Lang::Zh);
    // Sealing is offered only before the first ballot; this round is sealed already.
    main.keys("x");
    assert!(main.app.layers.is_empty());
    // A ballot keyed at the console is refused: the round counts only its boxes.
    main.keys("111").enter();
    let said = main.app.message.clone().map(|m| m.1).unwrap_or_default();
    assert!(said.contains("按登记的票箱计票"), "{said}");
    decide_box1(&mut main);
    main.keys("y");
    let round = &main.app.rec.state.items[0];
    assert_eq!((round.box_ballots, round.boxes.len()), (2, 1));
    // 2 in the box, 3 collected: closing asks for the reason, and Enter alone records nothing.
    main.keys("c");
    assert!(matches!(
        main.app.layers.last(),
        Some(Layer::Reconcile { .. })
    ));
    main.enter();
    assert!(matches!(
        main.app.layers.last(),
        Some(Layer::Reconcile { .. })
    ));
    main.keys("会场清点时多计 1 张").enter();
    let question = match main.app.layers.last() {
        Some(Layer::Confirm { question, .. }) => question.clone(),
        other => panic!("{other:?}"),
    };
    assert!(
        question.contains("票箱合计 2 张，会场收回 3 张")
            && question.contains("会场清点时多计 1 张"),
        "{question}"
    );
    let records = main.app.rec.state.records;
    main.keys("y");
    // The decision and the close are one batch (header and two records).
    assert_eq!(main.app.rec.state.records, records + 3);
    assert!(main.app.rec.state.items[0].reconciled);
    assert!(matches!(main.app.screen, Screen::Results(0)));
    let text = std::fs::read_to_string(main._dir.path().join("small.log")).expect("log");
    assert!(
        text.contains(r#""type":"boxes_reconciled","item":"p","counted":2,"collected":3,"missing":[],"reason":"会场清点时多计 1 张""#),
        "{text}"
    );
}

#[test]
fn the_console_seals_a_rounds_boxes_with_a_question_and_refuses_a_box_named_twice() {
    let mut d = desk(Lang::En);
    d.check_in(1..=6).open(0);
    d.keys("x").keys("1, 01").enter().keys("6").enter();
    d.keys("y");
    assert!(d.app.rec.state.items[0].sealed.is_none());
    let said = d.app.message.clone().map(|m| m.1).unwrap_or_default();
    assert!(said.contains("named twice"), "{said}");
    d.keys("x").keys("1、2 3").enter();
    // A count that is not a number is asked again.
    d.keys("six").enter();
    assert!(matches!(d.app.layers.last(), Some(Layer::Seal { .. })));
    for _ in 0..3 {
        d.press(KeyCode::Backspace);
    }
    d.keys("6").enter();
    let question = match d.app.layers.last() {
        Some(Layer::Confirm { question, .. }) => question.clone(),
        other => panic!("{other:?}"),
    };
    assert!(
        question.contains("1, 2, 3 (3 in all), 6 ballots collected"),
        "{question}"
    );
    d.keys("n");
    assert!(d.app.rec.state.items[0].sealed.is_none());
    d.keys("x")
        .keys("1,2,3")
        .enter()
        .keys("6")
        .enter()
        .keys("y");
    let sealed = d.app.rec.state.items[0].sealed.clone().expect("sealed");
    assert_eq!((sealed.boxes.len(), sealed.collected), (3, 6));
}
