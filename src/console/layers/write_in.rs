//! Writing in another person on an election ballot (另选他人). The clerk types the name as
//! written (Chinese through the terminal's input method); Tab takes the first name offered
//! from the roster and from the names already written in this round. It never guesses
//! silently: a spelling that differs from a known name only in its spaces or width asks
//! whether it is that person, and a name never seen asks once whether it is a new person.
//! The name goes onto the ballot being keyed, normalised (NFC, spaces trimmed); nothing is
//! recorded until the ballot is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_normalization::UnicodeNormalization;

use super::Layer;
use super::field::{Field, edit};
use crate::console::env::{Effect, Env, Out, Tone};
use crate::console::forms::Draft;
use crate::console::keymap::{Binding, C, Cmd, K, b, backspace, enter, esc};
use crate::console::screens::voting::Voting;
use crate::console::text::fit;
use crate::console::widgets::{Theme, boxed, centered, popup};
use crate::engine::Marks;
use crate::form::election::normalise;
use crate::sentences;
use ratatui::crossterm::event::KeyCode;

/// The question a typed name leaves open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    /// Typed differs from a known name only in spaces or width: is it that person?
    Like { typed: String, known: String },
    /// Never written and not on the roster: a new person?
    New { typed: String },
}

/// The same person's name written another way: spaces of any width and full-width letters
/// are not part of it.
fn squash(name: &str) -> String {
    name.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// The names a clerk may mean: the roster's, then those already written in this round.
/// Each name once, in that order, borrowed: asked on every key and every frame the field
/// is open, so nothing is copied and a name already seen is found by hashing.
fn known_names<'a>(env: &'a Env) -> impl Iterator<Item = &'a str> {
    let st = &env.rec.state;
    let written = st
        .open
        .into_iter()
        .flat_map(move |open| st.items[open].live_ballots())
        .filter_map(|b| match &b.marks {
            Marks::Election { write_ins, .. } => Some(write_ins),
            _ => None,
        })
        .flatten()
        .map(String::as_str);
    let mut seen = std::collections::HashSet::new();
    st.session
        .roster
        .iter()
        .map(|d| d.name.as_str())
        .chain(written)
        .filter(move |n| seen.insert(*n))
}

/// Names offered for what is typed so far (their start matches), at most five.
pub fn offered(env: &Env, input: &str) -> Vec<String> {
    let typed = squash(input);
    if typed.is_empty() {
        return Vec::new();
    }
    known_names(env)
        .filter(|n| squash(n).starts_with(&typed))
        .take(5)
        .map(str::to_string)
        .collect()
}

pub fn bindings(asked: bool) -> Vec<Binding> {
    if asked {
        return vec![
            b(C('y'), "y", sentences::KEY_YES_THIS_PERSON, Cmd::Yes),
            b(C('n'), "n", sentences::KEY_NO_ANOTHER_PERSON, Cmd::No),
            esc(sentences::CANCEL),
        ];
    }
    vec![
        b(
            crate::console::keymap::Key::AnyText,
            "…",
            sentences::KEY_TYPE,
            Cmd::Text(' '),
        ),
        b(
            K(KeyCode::Tab),
            "Tab",
            sentences::KEY_TAKE_THE_NAME_OFFERED,
            Cmd::Complete,
        ),
        backspace(sentences::KEY_DELETE),
        enter(sentences::KEY_WRITE_THIS_NAME_IN),
        esc(sentences::CANCEL),
    ]
}

pub fn update(
    env: &Env,
    input: &mut String,
    asked: &mut Option<Asked>,
    voting: &mut Voting,
    cmd: Cmd,
    out: &mut Out,
) -> Option<Effect> {
    let lang = env.lang;
    if asked.is_some() {
        answer(asked, voting, cmd, lang, out);
        return None;
    }
    if cmd == Cmd::Complete {
        if let Some(first) = offered(env, input).into_iter().next() {
            *input = first;
        }
        return None;
    }
    let Field::Entered(typed) = edit(input, cmd, out) else {
        return None;
    };
    decide(env, normalise(&typed), asked, voting, out);
    None
}

/// The clerk's answer to the question about a spelling: that person, another one as
/// written, or back to the name.
fn answer(
    asked: &mut Option<Asked>,
    voting: &mut Voting,
    cmd: Cmd,
    lang: crate::lang::Lang,
    out: &mut Out,
) {
    let Some(question) = asked.clone() else {
        return;
    };
    let name = match (question, cmd) {
        (Asked::Like { known, .. }, Cmd::Yes) => known,
        // Asked once: the clerk says it is another person, written as it is.
        (Asked::Like { typed, .. }, Cmd::No) => typed,
        (Asked::New { typed }, Cmd::Yes) => typed,
        (Asked::New { .. }, Cmd::No) | (_, Cmd::Back) => {
            *asked = None;
            return;
        }
        _ => return,
    };
    write(voting, name, lang, out);
}

/// A name typed: refused when it is a candidate or already on the ballot, written when it
/// is a known name, asked about otherwise.
fn decide(env: &Env, name: String, asked: &mut Option<Asked>, voting: &mut Voting, out: &mut Out) {
    let lang = env.lang;
    if name.is_empty() {
        out.say(Tone::Info, lang.say(sentences::TYPE_THE_NAME_AS_WRITTEN));
        return;
    }
    let st = &env.rec.state;
    let Some(open) = st.open else { return };
    let on_ballot = st
        .choice_ids(&st.items[open])
        .iter()
        .zip(
            st.items[open]
                .choices
                .iter()
                .map(|&c| st.session.items[st.items[open].def].choice_titles()[c]),
        )
        .any(|(_, t)| squash(t) == squash(&name));
    if on_ballot {
        out.say(
            Tone::Bad,
            lang.pick(sentences::write_in_is_a_candidate(&name)),
        );
        return;
    }
    let already = match &voting.draft {
        Some(Draft::Election(e)) => e.write_ins.iter().any(|n| squash(n) == squash(&name)),
        _ => false,
    };
    if already {
        out.say(
            Tone::Bad,
            lang.pick(sentences::write_in_already_on_ballot(&name)),
        );
        return;
    }
    // A known name as typed is written; one that differs only in spaces or width is asked.
    let squashed = squash(&name);
    let mut like = None;
    for k in known_names(env) {
        if k == name {
            write(voting, name, lang, out);
            return;
        }
        if like.is_none() && squash(k) == squashed {
            like = Some(k.to_string());
        }
    }
    if let Some(k) = like {
        *asked = Some(Asked::Like {
            typed: name,
            known: k,
        });
    } else {
        *asked = Some(Asked::New { typed: name });
    }
}

/// Put the name on the ballot being keyed and close the layer.
fn write(voting: &mut Voting, name: String, lang: crate::lang::Lang, out: &mut Out) {
    if let Some(Draft::Election(e)) = &mut voting.draft {
        out.say(Tone::Good, lang.pick(sentences::written_in_name(&name)));
        e.write_in(name);
    }
    out.pop();
}

pub fn draw(
    env: &Env,
    input: &str,
    asked: Option<&Asked>,
    f: &mut Frame,
    body: Rect,
    theme: Theme,
) {
    let lang = env.lang;
    let area = centered(body, 70, 7);
    popup(f, area);
    let w = area.width.saturating_sub(2) as usize;
    let mut lines = vec![
        Line::from(""),
        Line::from(vec![
            Span::raw(format!(" {}", lang.say(sentences::NAME_AS_WRITTEN))),
            Span::styled(format!("{input}▏"), theme.key()),
        ]),
    ];
    match asked {
        Some(Asked::Like { typed, known }) => lines.push(Line::from(Span::styled(
            fit(&lang.pick(sentences::write_in_like_known(typed, known)), w),
            theme.bad(),
        ))),
        Some(Asked::New { typed }) => lines.push(Line::from(Span::styled(
            fit(&lang.pick(sentences::write_in_new_person(typed)), w),
            theme.bad(),
        ))),
        None => {
            let names = offered(env, input);
            if !names.is_empty() {
                lines.push(Line::from(Span::styled(
                    fit(
                        &format!(" Tab {}", names.join(lang.say(sentences::WORDS))),
                        w,
                    ),
                    theme.dim(),
                )));
            }
        }
    }
    f.render_widget(
        ratatui::widgets::Paragraph::new(lines).block(boxed(
            lang.say(sentences::WRITTEN_IN_TITLE).to_string(),
            theme,
        )),
        area,
    );
}

/// A fresh layer for a name to write in.
pub fn layer() -> Layer {
    Layer::WriteIn {
        input: String::new(),
        asked: None,
    }
}
