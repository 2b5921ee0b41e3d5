//! The sentences that carry values (a seat, a count, a name), each a function of its
//! values returning both languages; `Lang::pick` chooses one. Each says where it is said.

mod console;
mod errors;
mod layers;
mod others;
mod projector;

pub use console::*;
pub use errors::*;
pub use layers::*;
pub use others::*;
pub use projector::*;
