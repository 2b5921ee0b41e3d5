//! The console's screens, one file each: its own state, its keys, its update and its
//! drawing. A screen reads the recorder through `Env` and answers through `Out`; it never
//! sees the `App`, which asks every screen the same things through `console::part::Part`.

pub mod attendance;
pub mod overview;
pub mod results;
pub mod voting;
mod voting_tally;
