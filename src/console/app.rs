//! The console's shell: the recorder, the screen in front, the layers over it and the
//! message line. It resolves a key to a command in the current context, hands it to that
//! screen or layer (`screens`, `layers`), applies what they answer, and carries records out
//! through the recorder, so a ballot shows as recorded only after its sync. The key tables
//! live with their screens; `bindings` gathers them for the footer, help and `resolve`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::env::{Env, Out, Reply, Tallies};
use super::layers::{boxes, confirm, corrections, help, write_in};
use super::part::Part;
use super::screens::attendance::{self, Attendance};
use super::screens::overview::{self, Overview};
use super::screens::results::{self, Results};
use super::screens::voting::{self, Voting};
use super::text::{self, Lang};
use crate::engine::{Action, Event};
use crate::recorder::{Opened, RecordError, Recorder};
use crate::tally::ItemTally;

pub use super::env::{Effect, Screen, Tone};
pub use super::keymap::{Binding, Cmd, Ctx, Key, Policy};
pub use super::layers::Layer;
pub use super::layers::boxes_state::{BoxAnswer, BoxRow, BoxesLayer};
pub use super::screens::voting::Draft;
use crate::sentences;

/// The keys of a context under a policy: what the footer and help list and `resolve` acts on.
pub fn keys(ctx: Ctx, policy: Policy) -> Vec<Binding> {
    bindings(ctx)
        .into_iter()
        .filter(|b| policy.allows(b))
        .map(|b| match b.cmd {
            // At a station `c` ends the box, not the vote.
            Cmd::CloseItem if policy.station && !b.label.is_empty() => Binding {
                zh: sentences::KEY_FINISH_THE_BOX.zh,
                en: sentences::KEY_FINISH_THE_BOX.en,
                ..b
            },
            _ => b,
        })
        .collect()
}

/// The key map of a context, from the screen or layer that owns it. Bindings with an empty
/// label are aliases, not listed in help.
pub fn bindings(ctx: Ctx) -> Vec<Binding> {
    use super::keymap::{C, b};
    match ctx {
        Ctx::Overview => overview::bindings(),
        Ctx::Attendance => attendance::bindings(),
        Ctx::VoteSeat
        | Ctx::VoteChoices
        | Ctx::VoteTicks
        | Ctx::VoteElection
        | Ctx::VoteRatings => voting::bindings(ctx),
        Ctx::WriteIn => write_in::bindings(false),
        Ctx::WriteInAsk => write_in::bindings(true),
        Ctx::Results => results::bindings(),
        Ctx::ResultsElection => results::election_bindings(false),
        Ctx::ResultsElectionMore => results::election_bindings(true),
        Ctx::Help => help::bindings(),
        Ctx::Confirm => confirm::bindings(),
        Ctx::Corrections => corrections::bindings(),
        Ctx::Boxes => boxes::bindings(),
        Ctx::Reason
        | Ctx::Search
        | Ctx::ImportPath
        | Ctx::BoxReason
        | Ctx::Seal
        | Ctx::Reconcile => text_field(ctx),
        Ctx::Stopped => vec![b(C('q'), "q", sentences::KEY_QUIT, Cmd::Quit)],
    }
}

/// The keys of a text field: a reason, a name filter, a path.
fn text_field(ctx: Ctx) -> Vec<Binding> {
    use super::keymap::{b, backspace, enter, esc, rec};
    let mut v: Vec<Binding> = Vec::new();

    let done = enter(sentences::KEY_DONE);
    v.extend([
        b(Key::AnyText, "…", sentences::KEY_TYPE, Cmd::Text(' ')),
        backspace(sentences::KEY_DELETE),
        // The reason completes a correction, the path an import: both record.
        if ctx == Ctx::Search { done } else { rec(done) },
        esc(sentences::CANCEL),
    ]);
    v
}

/// Resolve a key press in a context, under a policy: a key the policy refuses means nothing.
pub fn resolve(ctx: Ctx, key: KeyEvent, policy: Policy) -> Option<Cmd> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return (key.code == KeyCode::Char('c')).then_some(Cmd::Quit);
    }
    for bind in keys(ctx, policy) {
        match (bind.key, key.code) {
            (Key::Char(c), KeyCode::Char(k)) if c == k => return Some(bind.cmd),
            (Key::Code(c), k) if c == k => return Some(bind.cmd),
            (Key::Digits, KeyCode::Char(k)) if k.is_ascii_digit() => {
                return Some(Cmd::Digit(k as u8 - b'0'));
            }
            (Key::AnyText, KeyCode::Char(k)) if !k.is_control() => return Some(Cmd::Text(k)),
            _ => {}
        }
    }
    None
}

/// What the console says first: a new log, a log resumed (intact, or with an unacknowledged
/// end set aside), a closed session, a station's box; the last record; the mirror.
fn opening_message(rec: &Recorder, lang: Lang) -> (Tone, String) {
    let (tone, message) = match &rec.opened {
        Opened::Created if rec.station.is_some() => (
            Tone::Info,
            lang.say(sentences::NEW_STATION_LOG_KEY_THIS_BOX)
                .to_string(),
        ),
        Opened::Created => (Tone::Info, lang.say(sentences::NEW_SESSION_LOG).to_string()),
        Opened::ReadOnly if rec.station.is_some() => (
            Tone::Info,
            lang.say(sentences::THIS_BOX_IS_FINISHED_AND_ITS)
                .to_string(),
        ),
        Opened::Resumed { repair: None } if rec.station.is_some() => (
            Tone::Info,
            lang.say(sentences::STATION_LOG_RESUMED_INTACT_KEY_ON)
                .to_string(),
        ),
        Opened::Resumed { repair: None } => (
            Tone::Info,
            format!(
                "{}{}",
                lang.say(sentences::RESUMED_THE_LOG_IS_INTACT),
                text::last_record(lang, rec.last_found.as_ref())
            ),
        ),
        Opened::Resumed { repair: Some(r) } => (
            Tone::Bad,
            format!(
                "{}{}",
                lang.pick(sentences::resumed_unacknowledged_bytes_complete_records_of(
                    r.bytes,
                    r.batch_records,
                    r.side_file.display()
                )),
                text::last_record(lang, rec.last_found.as_ref())
            ),
        ),
        Opened::ReadOnly => (
            Tone::Info,
            lang.say(sentences::THE_SESSION_IS_CLOSED_READ_ONLY)
                .to_string(),
        ),
    };
    match &rec.mirror {
        Some(mirror) => (
            tone,
            format!("{message}{}", text::mirror_opened(lang, mirror)),
        ),
        None => (tone, message),
    }
}

pub struct App {
    pub rec: Recorder,
    tallies: Tallies,
    pub lang: Lang,
    pub no_color: bool,
    pub screen: Screen,
    pub layers: Vec<Layer>,
    pub overview: Overview,
    pub attendance: Attendance,
    pub voting: Voting,
    pub message: Option<(Tone, String)>,
    /// Set when the log could not be written: input stops.
    pub stopped: Option<String>,
    /// The window is below the minimum size: the screen shows only a notice, so no key but
    /// quit does anything (nothing is recorded blind).
    pub too_small: bool,
    pub quit: bool,
}

impl App {
    pub fn new(rec: Recorder, lang: Lang, no_color: bool) -> App {
        let message = Some(opening_message(&rec, lang));
        let mut app = App {
            rec,
            tallies: Tallies::default(),
            lang,
            no_color,
            screen: Screen::Overview,
            layers: Vec::new(),
            overview: Overview::default(),
            attendance: Attendance::default(),
            voting: Voting::default(),
            message,
            stopped: None,
            too_small: false,
            quit: false,
        };
        // Come back where we were: the open item's entry form.
        if let Some(open) = app.rec.state.open {
            app.overview.agenda = open;
            app.screen = Screen::Voting;
            app.voting.reset(&app.rec.state);
        }
        app
    }

    /// What screens and layers read.
    pub fn env(&self) -> Env<'_> {
        Env {
            rec: &self.rec,
            lang: self.lang,
            tallies: &self.tallies,
            rekey: self.voting.rekey,
        }
    }

    /// The screen in front, as a `Part` (the results screen made from its round), handed to
    /// `f` with what screens read.
    pub fn with_front<R>(&self, f: impl FnOnce(&dyn Part, &Env) -> R) -> R {
        let results;
        let part: &dyn Part = match self.screen {
            Screen::Overview => &self.overview,
            Screen::Attendance => &self.attendance,
            Screen::Voting => &self.voting,
            Screen::Results(i) => {
                results = Results(i);
                &results
            }
        };
        f(part, &self.env())
    }

    /// `with_front`, the screen's own state open to change.
    fn with_front_mut<R>(&mut self, f: impl FnOnce(&mut dyn Part, &Env) -> R) -> R {
        let env = Env {
            rec: &self.rec,
            lang: self.lang,
            tallies: &self.tallies,
            rekey: self.voting.rekey,
        };
        let mut results;
        let part: &mut dyn Part = match self.screen {
            Screen::Overview => &mut self.overview,
            Screen::Attendance => &mut self.attendance,
            Screen::Voting => &mut self.voting,
            Screen::Results(i) => {
                results = Results(i);
                &mut results
            }
        };
        f(part, &env)
    }

    /// The tally of an item round, computed once per record rather than once per frame.
    pub fn tally(&self, index: usize) -> ItemTally {
        self.tallies.tally(&self.rec.state, index)
    }

    /// The context keys resolve in now.
    pub fn ctx(&self) -> Ctx {
        self.ctx_at(&self.layers)
    }

    /// The context with only these layers over the screen (help lists the keys below it).
    pub fn ctx_at(&self, layers: &[Layer]) -> Ctx {
        if self.stopped.is_some() {
            return Ctx::Stopped;
        }
        if let Some(top) = layers.last() {
            return top.ctx(&self.env());
        }
        self.with_front(|part, env| part.ctx(env))
    }

    /// Roster positions shown in the attendance view (after the name filter).
    pub fn roster_view(&self) -> Vec<usize> {
        attendance::roster_view(&self.rec.state, &self.attendance.search)
    }

    /// Live ballot numbers of the open item, newest first.
    pub fn live_ballot_numbers(&self) -> Vec<u32> {
        self.env().live_ballot_numbers()
    }

    fn say(&mut self, tone: Tone, msg: impl Into<String>) {
        let body = self.rec.state.session.body;
        self.message = Some((tone, crate::words::for_body(self.lang, body, &msg.into())));
    }

    /// Handle a key press; returns what the loop must do.
    pub fn key(&mut self, key: KeyEvent) -> Option<Effect> {
        let ctx = self.ctx();
        let cmd = resolve(ctx, key, self.policy())?;
        self.update(ctx, cmd)
    }

    /// What keys may do now (see `Policy`).
    pub fn policy(&self) -> Policy {
        Policy {
            closed: self.rec.state.closed,
            too_small: self.too_small,
            station: self.rec.station.is_some(),
            sealable: self.rec.state.open.is_some_and(|i| {
                let round = &self.rec.state.items[i];
                round.sealed.is_none() && round.ballots.is_empty()
            }),
            correctable: self
                .rec
                .state
                .open
                .is_some_and(|i| self.rec.state.items[i].live_ballots().next().is_some()),
        }
    }

    /// The heart of the console: a command in a context, handed to its screen or layer.
    pub fn update(&mut self, ctx: Ctx, cmd: Cmd) -> Option<Effect> {
        let lang = self.lang;
        if cmd == Cmd::Quit && !ctx.takes_text() {
            self.quit = true;
            return Some(Effect::Quit);
        }
        if cmd == Cmd::Help {
            self.layers.push(Layer::Help);
            return None;
        }
        let mut out = Out::default();
        let effect = if ctx.of_screen() {
            self.with_front_mut(|part, env| part.update(env, ctx, cmd, &mut out))
        } else {
            let env = Env {
                rec: &self.rec,
                lang,
                tallies: &self.tallies,
                rekey: self.voting.rekey,
            };
            match (ctx, self.layers.last_mut()) {
                (Ctx::WriteIn | Ctx::WriteInAsk, Some(Layer::WriteIn { input, asked })) => {
                    write_in::update(&env, input, asked, &mut self.voting, cmd, &mut out)
                }
                _ => layer_update(&env, &mut self.layers, ctx, cmd, &mut out),
            }
        };
        self.apply(out);
        effect
    }

    /// Carry out what a screen or layer answered, in order.
    fn apply(&mut self, out: Out) {
        for reply in out.0 {
            match reply {
                Reply::Say(tone, msg) => self.say(tone, msg),
                // Only a hint goes; an acknowledgement or a failure stays until replaced.
                Reply::Hush => {
                    if matches!(self.message, Some((Tone::Info | Tone::Bad, _)))
                        && self.rec.failed().is_none()
                    {
                        self.message = None;
                    }
                }
                Reply::Push(layer) => self.layers.push(layer),
                Reply::Pop => {
                    self.layers.pop();
                }
                Reply::Goto(screen) => {
                    self.screen = screen;
                    if screen == Screen::Voting && self.voting.draft.is_none() {
                        self.voting.reset(&self.rec.state);
                    }
                }
            }
        }
    }

    /// Carry out an effect's action through the recorder, then show its outcome.
    pub fn perform(&mut self, action: Action) {
        let result = self.rec.record(action);
        self.recorded(result);
    }

    /// Record ballot boxes, each as its own batch; the first failure stops the rest.
    pub fn perform_boxes(&mut self, batches: Vec<Vec<Action>>) {
        let lang = self.lang;
        let mut done: Vec<String> = Vec::new();
        for actions in batches {
            let label = match actions.first() {
                Some(Action::NoteBox(note)) => note.r#box.clone(),
                _ => String::new(),
            };
            match self.rec.record_batch(actions) {
                Ok(n) => done.push(lang.pick(sentences::box_ballots(&label, n - 1))),
                Err(e) => {
                    self.recorded(Err(e));
                    if !done.is_empty() {
                        let msg = self
                            .message
                            .as_ref()
                            .map(|m| m.1.clone())
                            .unwrap_or_default();
                        self.say(
                            Tone::Bad,
                            format!(
                                "{}{}; {msg}",
                                lang.say(sentences::RECORDED),
                                done.join(", ")
                            ),
                        );
                    }
                    return;
                }
            }
        }
        self.voting.reset(&self.rec.state);
        self.say(
            Tone::Good,
            format!(
                "{}{}",
                lang.say(sentences::RECORDED),
                done.join(lang.say(sentences::WORDS))
            ),
        );
    }

    /// Carry out a batch (one write, one sync), then show its outcome.
    pub fn perform_all(&mut self, actions: Vec<Action>) {
        let lang = self.lang;
        let import = matches!(actions.first(), Some(Action::NoteImport { .. }));
        let closes = match actions.last() {
            Some(Action::CloseItem(item)) => Some(item.clone()),
            _ => None,
        };
        match self.rec.record_batch(actions) {
            Ok(_) if closes.is_some() => {
                let item = closes.unwrap_or_default();
                self.after(Event::ItemClosed { item });
            }
            Ok(n) if import => {
                self.voting.reset(&self.rec.state);
                self.say(Tone::Good, lang.pick(sentences::ballots_imported(n - 1)));
            }
            Ok(n) => {
                let present = self.rec.state.present();
                self.say(
                    Tone::Good,
                    lang.pick(sentences::deputies_checked_in_present(n, present)),
                );
            }
            Err(e) => self.recorded(Err(e)),
        }
    }

    /// The outcome of an append: shown only now, after the sync.
    pub fn recorded(&mut self, result: Result<Event, RecordError>) {
        let lang = self.lang;
        match result {
            Ok(event) => self.after(event),
            Err(RecordError::Refused(r)) => self.say(
                Tone::Bad,
                text::refusal_in(lang, self.rec.state.session.body, &r),
            ),
            Err(RecordError::ReadOnly) => self.say(
                Tone::Bad,
                lang.say(sentences::THE_SESSION_IS_CLOSED_READ_ONLY),
            ),
            Err(RecordError::Log(e)) => {
                let msg = e.say(lang);
                self.stopped = Some(msg.clone());
                self.say(Tone::Bad, msg);
            }
        }
    }

    /// After a record: each screen takes it (its own state and where it goes next), and the
    /// message says what was recorded.
    fn after(&mut self, event: Event) {
        let lang = self.lang;
        let mut out = Out::default();
        let env = Env {
            rec: &self.rec,
            lang,
            tallies: &self.tallies,
            rekey: self.voting.rekey,
        };
        let screens: [&mut dyn Part; 3] =
            [&mut self.overview, &mut self.voting, &mut self.attendance];
        let mut said = None;
        for screen in screens {
            let words = screen.after(&env, &event, &mut out);
            said = said.or(words);
        }
        let msg = said.unwrap_or_else(|| recorded(&self.rec, &event, lang));
        self.apply(out);
        self.say(Tone::Good, msg);
    }
}

/// What was recorded, in words, for the records no screen words itself.
fn recorded(rec: &Recorder, event: &Event, lang: Lang) -> String {
    let st = &rec.state;
    match event {
        Event::ItemClosed { item } => {
            let name = crate::words::round_name(lang, st, item);
            lang.pick(sentences::closed_check_the_count_then_d(&name))
        }
        Event::ResultDeclared { item, .. } => {
            let (n, head) = rec.declared_at.get(item).cloned().unwrap_or_default();
            let name = crate::words::round_name(lang, st, item);
            let head = &head[..16.min(head.len())];
            lang.pick(sentences::declared_anchor_record_hash(&name, n, head))
        }
        Event::RoundOpened { item, .. } => {
            let name = crate::words::round_name(lang, st, item);
            lang.pick(sentences::created_enter_opens_it(&name))
        }
        Event::BoxesSealed {
            boxes, collected, ..
        } => lang.pick(sentences::boxes_sealed_collected_only_these_boxes(
            boxes.join("、"),
            collected,
            boxes.join(", "),
        )),
        Event::StationClosed { ballots, .. } => {
            let label = rec
                .station
                .as_ref()
                .map(|s| s.r#box.clone())
                .unwrap_or_default();
            lang.pick(sentences::box_finished_ballots_the_station_log(
                &label, ballots,
            ))
        }
        Event::SessionClosed { records, .. } => {
            lang.pick(sentences::session_closed_records(records))
        }
        _ => String::new(),
    }
}

/// A key on the layer on top: the layer answers, or, for a box decision's reason, the
/// boxes layer under it.
fn layer_update(
    env: &Env,
    layers: &mut [Layer],
    ctx: Ctx,
    cmd: Cmd,
    out: &mut Out,
) -> Option<Effect> {
    match (ctx, layers.last_mut()) {
        (Ctx::Stopped, _) | (_, None) => None,
        (Ctx::BoxReason, _) => {
            box_reason(env.lang, layers, cmd, out);
            None
        }
        (_, Some(top)) => top.update(env, ctx, cmd, out),
    }
}

/// The reason for a decision on a box difference, typed over the boxes layer it answers.
fn box_reason(lang: Lang, layers: &mut [Layer], cmd: Cmd, out: &mut Out) {
    let n = layers.len();
    let (below, top) = layers.split_at_mut(n.saturating_sub(1));
    if let Some(Layer::BoxReason { row, answer, input }) = top.first_mut() {
        let under = match below.last_mut() {
            Some(Layer::Boxes(layer)) => Some(&mut **layer),
            _ => None,
        };
        boxes::update_reason(lang, *row, *answer, input, under, cmd, out);
    }
}
