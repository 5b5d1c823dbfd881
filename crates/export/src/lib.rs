//! Export stage.
