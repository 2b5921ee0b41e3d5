//! votedesk: the votes of a people's congress session, with a hash-chained audit log.
//!
//! The core (`session`, `rules`, `round`, `engine`, `tally`, `log`, `verify`, `recorder`,
//! `simulate`, `station`, `output`) has no terminal code; `console` draws it. See
//! `docs/architecture.md`.

pub mod cli;
pub mod console;
pub mod decode;
pub mod engine;
pub mod event;
pub mod follow;
pub mod form;
pub mod import;
pub mod lang;
pub mod limits;
pub mod log;
pub mod mirror;
pub mod output;
pub mod platform;
pub mod projector;
pub mod recorder;
pub mod report;
pub mod roster;
pub mod round;
pub mod rules;
pub mod sentences;
pub mod session;
pub mod simulate;
pub mod station;
pub mod tally;
pub mod textpos;
pub mod ui;
pub mod verify;
pub mod words;
