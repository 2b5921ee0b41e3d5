//! Recording ballots (第 n 张选票): the seat of a named ballot, the entry form of each
//! ballot form, the live tally (or, at a counting station, the box's own counts), and the
//! keys that lead to corrections, import and closing the vote.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::console::ask;
use crate::console::env::{Effect, Env, Out, Screen, Tone};
use crate::console::forms;
use crate::console::keymap::{
    Binding, C, Cmd, Ctx, HELP, NAV, b, backspace, digits, enter, esc, rec,
};
use crate::console::layers::Layer;
use crate::console::part::Part;
use crate::console::text::{self, Lang, fit, pad};
use crate::console::widgets::{Theme, boxed};
use crate::engine::{Event, Marks, State};
use crate::session::{Form, Item};

use super::voting_tally::draw_tally;
pub use crate::console::forms::{Draft, Finish, Round};
use crate::sentences;

/// The entry screen's own state: the ballot being keyed and where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Voting {
    pub draft: Option<Draft>,
    pub cursor: usize,
    /// The deputy whose named ballot is being keyed.
    pub named_seat: Option<u32>,
    /// Digits typed: a seat number.
    pub input: String,
    /// The last "ballot n recorded", kept in view until the next record.
    pub last_ack: Option<String>,
    /// The entry just withdrawn by a correction, whose paper is keyed next and keeps its
    /// number (secret items; Esc on an empty ballot keys a new paper instead).
    pub rekey: Option<u32>,
}

impl Voting {
    /// A fresh, empty ballot for the open item.
    pub fn reset(&mut self, st: &State) {
        self.cursor = 0;
        self.draft = st.open.map(|i| {
            let item = &st.items[i];
            Draft::new(&st.session.items[item.def], item.choices.len())
        });
    }
}

impl Part for Voting {
    fn ctx(&self, env: &Env) -> Ctx {
        ctx(&env.rec.state, self)
    }

    fn update(&mut self, env: &Env, ctx: Ctx, cmd: Cmd, out: &mut Out) -> Option<Effect> {
        update(env, self, ctx, cmd, out)
    }

    fn draw(&self, env: &Env, _top: Option<&Layer>, f: &mut Frame, area: Rect, theme: Theme) {
        draw(env, self, f, area, theme)
    }

    fn after(&mut self, env: &Env, event: &Event, out: &mut Out) -> Option<String> {
        after(self, &env.rec.state, event, env.lang, out)
    }
}

/// After a record: the entry screen's own state, where the console goes (to this screen
/// when a round opens, to its results when it closes), and the acknowledgement it keeps in
/// view (a ballot recorded or withdrawn) or the opening of a round.
fn after(me: &mut Voting, st: &State, event: &Event, lang: Lang, out: &mut Out) -> Option<String> {
    match event {
        Event::ItemOpened { item, issued } => {
            out.goto(Screen::Voting);
            me.named_seat = None;
            me.reset(st);
            let name = crate::words::round_name(lang, st, item);
            Some(lang.pick(sentences::is_open_ballots_issued(&name, issued)))
        }
        Event::BallotRecorded {
            item,
            ballot,
            seat,
            replaces,
            ..
        } => Some(recorded(
            me,
            st,
            lang,
            item,
            *ballot,
            *seat,
            replaces.is_some(),
        )),
        Event::BallotVoided { item, ballot, .. } => {
            let round = st.item(item);
            let paper = round
                .and_then(|i| i.ballots.get((*ballot as usize).wrapping_sub(1)))
                .map_or(*ballot, |b| b.paper);
            // On a secret item the same paper is keyed next and keeps its number.
            let secret = round.is_some_and(|i| st.session.items[i.def].secret());
            me.rekey = secret.then_some(*ballot);
            let ack = lang.pick(sentences::ballot_voided_ack(paper, secret));
            me.last_ack = Some(ack.clone());
            Some(ack)
        }
        Event::ItemClosed { item } => {
            out.goto(Screen::Results(st.item_index(item).unwrap_or(0)));
            me.last_ack = None;
            me.rekey = None;
            me.draft = None;
            None
        }
        _ => None,
    }
}

/// A ballot recorded: acknowledged by its paper's number and the count 收回; the entry
/// number (which keeps counting after a withdrawal) only when it differs.
fn recorded(
    me: &mut Voting,
    st: &State,
    lang: Lang,
    item: &str,
    ballot: u32,
    seat: Option<u32>,
    again: bool,
) -> String {
    let round = st.item(item);
    let returned = round.map(|i| i.live_ballots().count()).unwrap_or(0);
    let paper = round
        .and_then(|i| i.ballots.get((ballot as usize).wrapping_sub(1)))
        .map_or(ballot, |b| b.paper);
    me.named_seat = None;
    me.rekey = None;
    me.reset(st);
    let seat = seat.map(|s| format!(" ({s})")).unwrap_or_default();
    let entry = if paper == ballot {
        String::new()
    } else {
        lang.pick(sentences::entry_number_clause(ballot))
    };
    let ack = lang.pick(sentences::ballot_returned(
        paper, again, &seat, returned, &entry,
    ));
    // The acknowledgement stays on the voting screen until the next record, next to any
    // hint the message line shows meanwhile.
    me.last_ack = Some(ack.clone());
    ack
}

/// The open item's definition.
pub fn open_def(st: &State) -> Option<&Item> {
    st.open.map(|i| &st.session.items[st.items[i].def])
}

/// The context keys resolve in on this screen: the seat first on a named item, then the
/// form of the item's ballot.
pub fn ctx(st: &State, me: &Voting) -> Ctx {
    match open_def(st) {
        Some(item) if !item.secret() && me.named_seat.is_none() => Ctx::VoteSeat,
        Some(Item::ProjectVote(p)) => match p.form {
            Form::ForAgainstAbstain => Ctx::VoteChoices,
            Form::TickAtMost(_) => Ctx::VoteTicks,
            Form::Election => Ctx::VoteElection,
        },
        Some(Item::Rating(_)) => Ctx::VoteRatings,
        None => Ctx::Overview,
    }
}

/// Keys of every ballot-entry screen: corrections, import, sealing the boxes, close.
pub const ENTRY: [Binding; 4] = [
    rec(b(
        C('v'),
        "v",
        sentences::KEY_CORRECT_VOID_A_RECORDED_BALLOT,
        Cmd::Corrections,
    )),
    rec(b(
        C('i'),
        "i",
        sentences::KEY_IMPORT_KEYPAD_OR_SCANNER_EXPORT_STATION,
        Cmd::Import,
    )),
    rec(b(
        C('x'),
        "x",
        sentences::KEY_SEAL_BOX_LABELS_AND_BALLOTS_COLLECTED,
        Cmd::SealBoxes,
    )),
    rec(b(C('c'), "c", sentences::KEY_CLOSE_VOTING, Cmd::CloseItem)),
];

/// `w`: the name field, where the election takes names written in.
fn write_in(env: &Env, out: &mut Out) {
    let takes_names = matches!(open_def(&env.rec.state), Some(Item::ProjectVote(p)) if p.write_ins);
    if takes_names {
        out.push(crate::console::layers::write_in::layer());
    } else {
        out.say(
            Tone::Bad,
            env.lang
                .say(sentences::THIS_ELECTION_TAKES_NO_NAMES_WRITTEN_IN),
        );
    }
}

/// The entry screen's keys in context `ctx` (the seat, or one of the ballot forms).
pub fn bindings(ctx: Ctx) -> Vec<Binding> {
    if ctx == Ctx::VoteSeat {
        return seat_bindings();
    }
    let mut v: Vec<Binding> = Vec::new();
    v.extend(NAV);
    v.extend(match ctx {
        Ctx::VoteChoices => forms::choices::bindings(),
        Ctx::VoteTicks => forms::ticks::bindings(),
        Ctx::VoteElection => forms::election::bindings(),
        _ => forms::ratings::bindings(),
    });
    v.extend([
        backspace(sentences::KEY_UNDO_THE_LAST_MARK),
        rec(enter(sentences::KEY_RECORD_THIS_BALLOT)),
        rec(b(
            C('s'),
            "s",
            sentences::KEY_SPOILED_AN_UNREADABLE_BALLOT,
            Cmd::Spoiled,
        )),
        rec(b(
            C('o'),
            "o",
            sentences::KEY_VOID_FOR_ANOTHER_REASON_ASKS_THE,
            Cmd::VoidOther,
        )),
    ]);
    if ctx != Ctx::VoteRatings {
        v.push(rec(b(
            C('b'),
            "b",
            sentences::KEY_BLANK_NOTHING_MARKED,
            Cmd::Blank,
        )));
    } else {
        v.push(b(
            C('b'),
            "b",
            sentences::KEY_BLANK_THIS_SUBJECT_NOT_RATED,
            Cmd::Blank,
        ));
    }
    v.extend(ENTRY);
    v.extend([HELP, esc(sentences::KEY_CLEAR_THE_BALLOT_BACK)]);
    v
}

/// A named round's keys while the seat is typed.
fn seat_bindings() -> Vec<Binding> {
    let mut v: Vec<Binding> = Vec::new();
    v.extend([
        digits(sentences::KEY_TYPE_THE_DEPUTY_S_SEAT_NUMBER),
        backspace(sentences::KEY_DELETE),
        enter(sentences::KEY_TAKE_THIS_DEPUTY_S_BALLOT),
    ]);
    v.extend(ENTRY);
    v.extend([HELP, esc(sentences::KEY_BACK)]);
    v
}

/// What the open round's form needs to know of it.
fn round_of<'a>(env: &Env<'a>, open: usize) -> Round<'a> {
    let st = &env.rec.state;
    let item = &st.items[open];
    let (scale, abstain) = match open_def(st) {
        Some(Item::Rating(r)) => (r.scale.as_slice(), r.abstain),
        _ => (&[][..], false),
    };
    Round {
        lang: env.lang,
        rows: item.choices.len(),
        limit: item
            .tick_limit(&st.session)
            .or(item.mark_limit(&st.session)),
        ids: st.choice_ids(item),
        scale,
        abstain,
    }
}

pub fn update(env: &Env, me: &mut Voting, ctx: Ctx, cmd: Cmd, out: &mut Out) -> Option<Effect> {
    let open = env.rec.state.open?;
    if matches!(
        cmd,
        Cmd::Corrections | Cmd::CloseItem | Cmd::SealBoxes | Cmd::Import
    ) {
        return round_key(env, cmd, out);
    }
    if ctx == Ctx::VoteSeat {
        seat_key(env, me, open, cmd, out);
        return None;
    }
    ballot_key(env, me, open, cmd, out)
}

/// The keys of the round as a whole: corrections, close, seal, import.
fn round_key(env: &Env, cmd: Cmd, out: &mut Out) -> Option<Effect> {
    match cmd {
        Cmd::Corrections if env.live_ballot_numbers().is_empty() => {
            out.say(Tone::Info, env.lang.say(sentences::NO_BALLOTS_RECORDED_YET));
        }
        Cmd::Corrections => out.push(Layer::Corrections {
            selected: 0,
            typed: String::new(),
        }),
        Cmd::CloseItem => return ask::close(env, out),
        Cmd::SealBoxes => return crate::console::layers::seal::start(env, out),
        Cmd::Import => out.push(Layer::ImportPath {
            input: String::new(),
        }),
        _ => {}
    }
    None
}

/// A named round: the seat of the deputy whose ballot comes next.
fn seat_key(env: &Env, me: &mut Voting, open: usize, cmd: Cmd, out: &mut Out) {
    let lang = env.lang;
    match cmd {
        Cmd::Digit(d) if me.input.len() < 6 => me.input.push((b'0' + d) as char),
        Cmd::Backspace => {
            me.input.pop();
        }
        Cmd::Back => {
            if me.input.is_empty() {
                out.goto(Screen::Overview);
            }
            me.input.clear();
        }
        Cmd::Enter => {
            let typed = std::mem::take(&mut me.input);
            let Ok(seat) = typed.parse::<u32>() else {
                return;
            };
            // The engine's own rule for who may vote now, not a copy of it.
            let problem = env.rec.state.check_voter(open, seat).err();
            match problem {
                Some(r) => out.say(
                    Tone::Bad,
                    text::refusal_in(lang, env.rec.state.session.body, &r),
                ),
                None => {
                    me.named_seat = Some(seat);
                    me.reset(&env.rec.state);
                }
            }
        }
        _ => {}
    }
}

/// A key on the ballot being keyed: move, mark, take back, void, record.
fn ballot_key(env: &Env, me: &mut Voting, open: usize, cmd: Cmd, out: &mut Out) -> Option<Effect> {
    let lang = env.lang;
    let n = env.rec.state.items[open].choices.len();
    let round = round_of(env, open);
    if me.draft.is_none() {
        me.reset(&env.rec.state);
    }
    // A mark changes the ballot: a hint about it as it was ("nothing marked yet") is stale.
    if matches!(cmd, Cmd::Mark(_) | Cmd::Digit(_) | Cmd::Toggle) {
        out.hush();
    }
    let mut cursor = me.cursor;
    let form = me.draft.as_mut()?.form_mut();
    match cmd {
        Cmd::Up => me.cursor = cursor.saturating_sub(1),
        Cmd::Down => me.cursor = (cursor + 1).min(n.saturating_sub(1)),
        Cmd::Mark(_) | Cmd::Digit(_) | Cmd::Toggle if form.key(cmd, &mut cursor, &round) => {
            me.cursor = cursor;
        }
        Cmd::Backspace => {
            form.take_back(&mut cursor);
            me.cursor = cursor;
        }
        Cmd::Back => {
            let empty = form.is_empty();
            back(env, me, empty, out);
        }
        Cmd::WriteIn => write_in(env, out),
        Cmd::VoidOther => {
            out.push(Layer::Reason {
                ballot: None,
                seat: me.named_seat,
                input: String::new(),
            });
        }
        Cmd::Spoiled => {
            let q = lang
                .say(sentences::RECORD_AN_UNREADABLE_SPOILED_BALLOT_AS)
                .to_string();
            return ask::ballot(env, me.named_seat, out, open, Some(q), Marks::Spoiled);
        }
        Cmd::Blank => {
            let Some(marks) = form.blank(&mut cursor, &round) else {
                me.cursor = cursor;
                return None;
            };
            let q = lang
                .say(sentences::RECORD_A_BLANK_BALLOT_NOTHING_MARKED)
                .to_string();
            return ask::ballot(env, me.named_seat, out, open, Some(q), marks);
        }
        Cmd::Enter => {
            let finish = form.finish(&round);
            return finished(env, me, open, finish, out);
        }
        _ => {}
    }
    None
}

/// Esc on the ballot: a rekey given up, the named seat cleared, or back to the overview
/// from an empty ballot.
fn back(env: &Env, me: &mut Voting, empty: bool, out: &mut Out) {
    if empty && me.named_seat.is_none() && me.rekey.is_some() {
        // Not keyed again (the entry was keyed twice, not misread): the next
        // ballot is a new paper.
        me.rekey = None;
        out.say(
            Tone::Info,
            env.lang.say(sentences::NOT_KEYED_AGAIN_THE_NEXT_BALLOT),
        );
    } else if empty && me.named_seat.is_none() {
        out.goto(Screen::Overview);
    } else {
        me.named_seat = None;
    }
    me.reset(&env.rec.state);
}

/// Enter on the ballot: what is still missing said, or the ballot asked to be recorded.
fn finished(
    env: &Env,
    me: &mut Voting,
    open: usize,
    finish: Finish,
    out: &mut Out,
) -> Option<Effect> {
    match finish {
        Finish::NotYet { tone, say, cursor } => {
            if let Some(c) = cursor {
                me.cursor = c;
            }
            out.say(tone, say);
            None
        }
        Finish::Record { question, marks } => {
            ask::ballot(env, me.named_seat, out, open, question, marks)
        }
    }
}

pub fn draw(env: &Env, me: &Voting, f: &mut Frame, area: Rect, theme: Theme) {
    let st = &env.rec.state;
    let lang = env.lang;
    let Some(open) = st.open else {
        f.render_widget(
            Paragraph::new(lang.say(sentences::NO_ITEM_IS_OPEN_TITLE)),
            area,
        );
        return;
    };
    let tally = env.tally(open);
    let [top, main] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    draw_top(env, me, f, top, theme, open, tally.ballots());
    let [form_area, tally_area] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(main);
    draw_form(env, me, f, form_area, theme);
    draw_tally(env, f, tally_area, theme, &tally);
}

/// The two top lines: the round's title, kind and id; its progress, a void vote's warning,
/// all papers back, and the last acknowledgement.
fn draw_top(
    env: &Env,
    me: &Voting,
    f: &mut Frame,
    top: Rect,
    theme: Theme,
    open: usize,
    b: &crate::tally::Reconciliation,
) {
    let lang = env.lang;
    let item = &env.rec.state.items[open];
    let def = &env.rec.state.session.items[item.def];
    let kind = if def.secret() {
        lang.say(sentences::SECRET)
    } else {
        lang.say(sentences::NAMED)
    };
    let progress = progress_words(env, item, b);
    let mut warn = Vec::new();
    if !b.vote_valid {
        warn.push(Span::styled(
            lang.say(sentences::RETURNED_ISSUED_THIS_VOTE_WILL_BE)
                .to_string(),
            theme.bad(),
        ));
    }
    let w = top.width as usize;
    let round = if item.round > 1 {
        format!(" ({} {})", lang.say(sentences::ROUND), item.round)
    } else {
        String::new()
    };
    let mut line2 = vec![Span::styled(progress, theme.good())];
    line2.extend(warn);
    // Every paper issued is back: say so, once there is nothing more to collect.
    if env.rec.station.is_none() && b.issued > 0 && b.returned == b.issued {
        line2.push(Span::styled(
            lang.pick(sentences::all_returned(b.returned, b.issued)),
            theme.good(),
        ));
    }
    // The last acknowledgement stays in view until the next record.
    if let Some(ack) = &me.last_ack {
        line2.push(Span::styled(format!("  ✔ {ack}"), theme.dim()));
    }
    f.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(
                fit(
                    &format!(" {}{round} · {kind} · {}", def.title(), item.id),
                    w,
                ),
                theme.title(),
            )),
            Line::from(line2),
        ]),
        top,
    );
}

/// The round's progress on the top line: the box keyed at a station, the boxes imported,
/// returned of issued, or voted of present.
fn progress_words(
    env: &Env,
    item: &crate::round::ItemState,
    b: &crate::tally::Reconciliation,
) -> String {
    let lang = env.lang;
    let def = &env.rec.state.session.items[item.def];
    if let Some(station) = &env.rec.station {
        lang.pick(sentences::box_keyed_of_counted_by_hand(
            &station.r#box,
            b.returned,
            station.hand_count,
        ))
    } else if let Some(seal) = &item.sealed {
        // Counted in boxes: the boxes imported and their ballots against the hall's count.
        let imported = seal.boxes.len() - item.missing_boxes().len();
        lang.pick(sentences::boxes_imported_of_ballots_in_them(
            imported,
            seal.boxes.len(),
            item.box_ballots,
            seal.collected,
            b.issued,
        ))
    } else if def.secret() {
        lang.pick(sentences::returned_of_issued_valid_void(
            b.returned, b.issued, b.valid, b.void,
        ))
    } else {
        lang.pick(sentences::voted_of_present(b.returned, b.issued))
    }
}

fn draw_form(env: &Env, me: &Voting, f: &mut Frame, area: Rect, theme: Theme) {
    let st = &env.rec.state;
    let Some(open) = st.open else { return };
    let item = &st.items[open];
    // A round counted in sealed boxes takes its ballots only from them: no form to key.
    if let Some(seal) = item.sealed.as_ref().filter(|_| env.rec.station.is_none()) {
        draw_sealed(env, item, seal, f, area, theme);
        return;
    }
    let block = boxed(form_title(env, me, item), theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let lines = if ctx(&env.rec.state, me) == Ctx::VoteSeat {
        seat_lines(env, me, theme)
    } else {
        form_lines(env, me, open, inner, theme)
    };
    f.render_widget(Paragraph::new(lines), inner);
}

/// A round counted in sealed boxes: its boxes, and those not yet imported.
fn draw_sealed(
    env: &Env,
    item: &crate::round::ItemState,
    seal: &crate::round::Sealed,
    f: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let lang = env.lang;
    let block = boxed(lang.say(sentences::COUNTED_IN_BOXES).to_string(), theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let missing = item.missing_boxes();
    let w = inner.width as usize;
    let mut lines = vec![
        Line::from(fit(lang.say(sentences::THIS_ROUND_S_BALLOTS_COME_ONLY), w)),
        Line::from(fit(lang.say(sentences::I_THE_FOLDER_OF_STATION_LOGS), w)),
        Line::from(""),
        Line::from(fit(
            &lang.pick(sentences::sealed_boxes(
                seal.boxes.join("、"),
                seal.boxes.join(", "),
            )),
            w,
        )),
    ];
    if !missing.is_empty() {
        lines.push(Line::from(Span::styled(
            fit(
                &lang.pick(sentences::boxes_not_imported(
                    missing.join("、"),
                    missing.join(", "),
                )),
                w,
            ),
            theme.bad(),
        )));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// The form's title: the seat asked for, the named deputy, or the paper's number.
fn form_title(env: &Env, me: &Voting, item: &crate::round::ItemState) -> String {
    let (st, lang) = (&env.rec.state, env.lang);
    match (ctx(&env.rec.state, me), me.named_seat) {
        (Ctx::VoteSeat, _) => crate::words::for_body(
            lang,
            st.session.body,
            lang.say(sentences::SEAT_NUMBER_OF_THE_DEPUTY),
        ),
        (_, Some(seat)) => {
            let name = st
                .session
                .deputy_index(seat)
                .map(|i| st.session.roster[i].name.as_str())
                .unwrap_or("");
            lang.pick(sentences::vote_of_seat(seat, name))
        }
        _ => {
            // The paper's number: the withdrawn one keyed again, or the next new paper.
            let again = me
                .rekey
                .and_then(|r| item.ballots.get((r as usize).wrapping_sub(1)))
                .map(|b| b.paper);
            let paper = again.unwrap_or_else(|| item.papers.next());
            lang.pick(sentences::ballot_paper(paper, again.is_some()))
        }
    }
}

/// A named round before its ballot: the seat being typed.
fn seat_lines(env: &Env, me: &Voting, theme: Theme) -> Vec<Line<'static>> {
    let (st, lang) = (&env.rec.state, env.lang);
    vec![
        Line::from(vec![
            Span::raw(format!(" {} ", lang.say(sentences::SEAT_NUMBER))),
            Span::styled(format!("{}▏", me.input), theme.key()),
        ]),
        Line::from(""),
        Line::from(Span::styled(
            crate::words::for_body(
                lang,
                st.session.body,
                lang.say(sentences::TYPE_THE_SEAT_ENTER_THEN_KEY),
            ),
            theme.dim(),
        )),
    ]
}

/// The ballot's rows, a mark beside each choice, scrolled to the cursor, and the form's keys.
fn form_lines(
    env: &Env,
    me: &Voting,
    open: usize,
    inner: Rect,
    theme: Theme,
) -> Vec<Line<'static>> {
    let (st, lang) = (&env.rec.state, env.lang);
    let item = &st.items[open];
    let def = &st.session.items[item.def];
    let w = inner.width as usize;
    let titles = def.choice_titles();
    let rows = inner.height.saturating_sub(1) as usize;
    let n = item.choices.len();
    let start = me
        .cursor
        .saturating_sub(rows.saturating_sub(1) / 2)
        .min(n.saturating_sub(rows));
    let mark_w = 10;
    let mut lines = Vec::new();
    let round = round_of(env, open);
    let form = me.draft.as_ref().map(Draft::form);
    for (pos, &c) in item.choices.iter().enumerate().skip(start).take(rows) {
        let (mark, style): (String, Style) = match form {
            Some(form) => form.cell(pos, lang, theme),
            None => (String::new(), Style::default()),
        };
        let num = format!("{:>2} ", pos + 1);
        let t = pad(titles[c], w.saturating_sub(mark_w + 4));
        let base = if pos == me.cursor {
            theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::from(vec![
            Span::styled(num, base),
            Span::styled(t, base),
            Span::raw(" "),
            Span::styled(pad(&mark, mark_w), style),
        ]));
    }
    let hint = match form {
        Some(form) => form.hint(&round, theme, w),
        // Before the first key: the keys of the form, with no count yet.
        None => match def {
            Item::Rating(_) => Draft::new(def, 0).form().hint(&round, theme, w),
            Item::ProjectVote(_) => {
                let keys = Round {
                    limit: None,
                    ..round
                };
                Draft::Choices(crate::console::forms::choices::Choices::new(0))
                    .form()
                    .hint(&keys, theme, w)
            }
        },
    };
    lines.extend(hint);
    lines
}
