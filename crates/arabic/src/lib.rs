//! Arabic language core: how every later stage reads Arabic text.
//!
//! Two layers are kept apart: the text as written (used for display and for every span) and a
//! matching key (used only for comparing and looking things up). Nothing here overwrites the
//! text as written.

pub mod months;
pub mod normalize;
