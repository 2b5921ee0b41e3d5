//! Import into the open item: the path of a keypad or scanner export (checked whole, then
//! asked as one batch), or of station logs, whose boxes go to the boxes layer.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::field::{Field, edit};
use super::{Layer, boxes};
use crate::console::env::{Effect, Env, Out, Tone};
use crate::console::keymap::Cmd;
use crate::console::text::Lang;
use crate::console::widgets::{Theme, field_popup};
use crate::sentences;

pub fn update(env: &Env, input: &mut String, cmd: Cmd, out: &mut Out) -> Option<Effect> {
    match edit(input, cmd, out) {
        Field::Entered(typed) => {
            out.pop();
            ask(env, &typed, out)
        }
        _ => None,
    }
}

/// Check an import file whole; on success ask before recording it as one batch.
/// Check an import file whole; on success ask before recording it as one batch.
pub fn ask(env: &Env, typed: &str, out: &mut Out) -> Option<Effect> {
    let lang = env.lang;
    let item = env.open_id()?;
    if let Some(paths) = station_paths(typed) {
        return boxes::ask(env, &paths, out);
    }
    let path = std::path::Path::new(typed);
    let bytes = match crate::limits::read_capped(path, crate::limits::IMPORT_BYTES) {
        Ok(b) => b,
        Err(e) => {
            out.say(
                Tone::Bad,
                format!(
                    "{} {}: {e}",
                    lang.say(sentences::CANNOT_READ),
                    path.display()
                ),
            );
            return None;
        }
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match crate::import::parse(&env.rec.state, &item, &name, &bytes) {
        Err(problems) => {
            let first = problems.first().map(|p| p.to_string()).unwrap_or_default();
            out.say(
                Tone::Bad,
                lang.pick(sentences::nothing_imported(problems.len(), &first)),
            );
            None
        }
        Ok(batch) => {
            confirm_batch(env, &item, &name, batch, out);
            None
        }
    }
}

/// The ballots of a file asked to be recorded, with a warning where they would return more
/// than were issued.
fn confirm_batch(env: &Env, item: &str, name: &str, batch: crate::import::Batch, out: &mut Out) {
    let lang = env.lang;
    let mut question = lang.pick(sentences::import_ballots_from_rows_without_a(
        name,
        batch.ballots,
        batch.not_voted,
    ));
    if let Some((returned, issued)) = batch.excess(&env.rec.state, item) {
        question.push_str(&lang.pick(sentences::import_would_exceed_issued(returned, issued)));
    }
    out.push(Layer::Confirm {
        question,
        actions: batch.actions,
        detail: None,
        shown: false,
    });
}

/// Station logs, where that is what was typed: a folder, or one or more files separated by
/// spaces.
fn station_paths(typed: &str) -> Option<Vec<&std::path::Path>> {
    let whole = std::path::Path::new(typed);
    let paths: Vec<&std::path::Path> = if whole.exists() {
        vec![whole]
    } else {
        typed.split_whitespace().map(std::path::Path::new).collect()
    };
    let stations = paths
        .iter()
        .all(|p| p.is_dir() || crate::station::is_station_file(p));
    (stations && !paths.is_empty()).then_some(paths)
}

pub fn draw(lang: Lang, input: &str, f: &mut Frame, body: Rect, theme: Theme) {
    let title = lang.say(sentences::IMPORT_BALLOTS_CSV_OR_A_FOLDER);
    field_popup(
        f,
        body,
        theme,
        (title.into(), lang.say(sentences::FILE), input),
        Some(lang.say(sentences::CHECKED_WHOLE_FIRST_THEN_RECORDED_AT)),
    );
}
