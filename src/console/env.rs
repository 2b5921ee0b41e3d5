//! What a screen or layer is given and what it gives back. A screen never sees the `App`:
//! it reads the recorder (the engine's state, the log's head) through `Env`, changes only
//! its own state, and answers through `Out` — a message, a question, a layer to open, a
//! screen to go to — or returns an `Effect` for the loop to carry out.

use std::cell::RefCell;
use std::collections::HashMap;

use super::layers::Layer;
use super::text::Lang;
use crate::engine::{Action, Attendance, State};
use crate::recorder::Recorder;
use crate::tally::ItemTally;

/// Where the operator is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Overview,
    Attendance,
    Voting,
    Results(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Good,
    Bad,
}

/// Something for the loop to carry out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Record(Action),
    /// Several actions in one write and one sync (all or nothing).
    RecordAll(Vec<Action>),
    /// Ballot boxes from counting stations: one batch each, in order; stops at a failure.
    RecordBoxes(Vec<Vec<Action>>),
    Quit,
}

/// One thing a screen or layer asks of the shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Say(Tone, String),
    /// Open a layer over the screen.
    Push(Layer),
    /// Close the top layer.
    Pop,
    Goto(Screen),
    /// The message line is stale (a hint about a ballot that has changed since): clear it.
    Hush,
}

/// The replies of one command, in order.
#[derive(Debug, Default)]
pub struct Out(pub Vec<Reply>);

impl Out {
    pub fn say(&mut self, tone: Tone, msg: impl Into<String>) {
        self.0.push(Reply::Say(tone, msg.into()));
    }
    pub fn push(&mut self, layer: Layer) {
        self.0.push(Reply::Push(layer));
    }
    pub fn pop(&mut self) {
        self.0.push(Reply::Pop);
    }
    pub fn goto(&mut self, screen: Screen) {
        self.0.push(Reply::Goto(screen));
    }
    pub fn hush(&mut self) {
        self.0.push(Reply::Hush);
    }
    /// Ask before recording `action`: nothing records until `y`.
    pub fn confirm(&mut self, question: String, action: Action) -> Option<Effect> {
        self.push(Layer::Confirm {
            question,
            actions: vec![action],
            detail: None,
            shown: false,
        });
        None
    }
    /// Ask before recording `action`, with more shown on request (`t`).
    pub fn confirm_detail(
        &mut self,
        question: String,
        detail: String,
        action: Action,
    ) -> Option<Effect> {
        self.push(Layer::Confirm {
            question,
            actions: vec![action],
            detail: Some(detail),
            shown: false,
        });
        None
    }
}

/// What screens and layers read: the recorder (state, log), the language and the tallies.
pub struct Env<'a> {
    pub rec: &'a Recorder,
    pub lang: Lang,
    pub tallies: &'a Tallies,
    /// The withdrawn entry whose paper the next ballot keys again, if any.
    pub rekey: Option<u32>,
}

impl<'a> Env<'a> {
    pub fn state(&self) -> &'a State {
        &self.rec.state
    }
    /// The tally of an item round, computed once per record rather than once per frame.
    pub fn tally(&self, index: usize) -> ItemTally {
        self.tallies.tally(&self.rec.state, index)
    }
    /// The open item round's id.
    pub fn open_id(&self) -> Option<String> {
        let st = &self.rec.state;
        st.open.map(|i| st.items[i].id.clone())
    }
    /// The paper's number of entry `entry` of the open item (the entry's own number if
    /// there is no such entry).
    pub fn paper_of(&self, entry: u32) -> u32 {
        let st = &self.rec.state;
        st.open
            .and_then(|i| st.items[i].ballots.get((entry as usize).wrapping_sub(1)))
            .map_or(entry, |b| b.paper)
    }
    /// Live ballot numbers of the open item, newest first.
    pub fn live_ballot_numbers(&self) -> Vec<u32> {
        let st = &self.rec.state;
        match st.open {
            Some(i) => st.items[i].live_ballots().rev().map(|b| b.number).collect(),
            None => Vec::new(),
        }
    }
}

/// Figures derived from the state, kept until the next record: frames reuse them.
#[derive(Default)]
struct Derived {
    records: u64,
    tallies: HashMap<usize, ItemTally>,
    delegations: Option<Vec<(String, u32, u32)>>,
}

/// The cache of derived figures (one per console).
#[derive(Default)]
pub struct Tallies(RefCell<Derived>);

impl Tallies {
    fn fresh(&self, st: &State) -> std::cell::RefMut<'_, Derived> {
        let mut d = self.0.borrow_mut();
        if d.records != st.records {
            *d = Derived {
                records: st.records,
                ..Derived::default()
            };
        }
        d
    }

    pub fn tally(&self, st: &State, index: usize) -> ItemTally {
        self.fresh(st)
            .tallies
            .entry(index)
            .or_insert_with(|| st.tally(index))
            .clone()
    }

    /// (delegation, present, on the roster) in roster order.
    pub fn delegations(&self, st: &State) -> Vec<(String, u32, u32)> {
        self.fresh(st)
            .delegations
            .get_or_insert_with(|| {
                let mut per: Vec<(String, u32, u32)> = Vec::new();
                let mut index: HashMap<&str, usize> = HashMap::new();
                for (i, d) in st.session.roster.iter().enumerate() {
                    let k = *index.entry(d.delegation.as_str()).or_insert_with(|| {
                        per.push((d.delegation.clone(), 0, 0));
                        per.len() - 1
                    });
                    per[k].1 += u32::from(st.attendance[i] == Attendance::Present);
                    per[k].2 += 1;
                }
                per
            })
            .clone()
    }
}
