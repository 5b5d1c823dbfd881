//! Store stage.
