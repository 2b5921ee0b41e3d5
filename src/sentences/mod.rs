//! Every sentence the console, the projector, the station and the sheet say, in Chinese
//! and English, looked up by name: the Chinese is proofread here, in one place, and a
//! sentence without both languages does not compile (`Words` and `Said` have no default).
//! `fixed` holds the sentences without values, one a line in name order; `values` those
//! that carry a seat, a count or a name, each a function of its values.

#[rustfmt::skip]
mod fixed;
mod values;

pub use fixed::*;
pub use values::*;

/// A sentence with its values filled in, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub zh: String,
    pub en: String,
}
