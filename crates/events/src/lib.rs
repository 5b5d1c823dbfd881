//! Events stage: ACLED-style events coded from one document's sentences, figures, dates and
//! mentions, every argument with the span it came from.
//!
//! The work is in three steps: find triggers sentence by sentence and group them into
//! happenings (`detect`), fill each happening's arguments from its clause (`args`), and merge
//! what the text tells twice or refers back to (`merge`). Word lists are data (`data/`).

mod args;
mod detect;
mod event;
mod lexicon;
mod merge;

pub use event::{ActorArg, Claim, Event, EventDate, Explain, Figure, Modality, PlaceArg, Role};
pub use lexicon::{disorder_type, is_sub_type};

use marsad_arabic::Analysis;
use marsad_entities::Mention;

/// Codes the events of one document from the language core's analysis of its clean text and
/// the entities stage's mentions. Events come back in text order.
pub fn events(analysis: &Analysis, mentions: &[Mention], published: Option<jiff::civil::Date>) -> Vec<Event> {
    let places = args::event_places(mentions);
    let drafts = detect::happenings(analysis)
        .into_iter()
        .map(|h| args::fill(h, analysis, mentions, &places, published))
        .collect();
    merge::within_document(drafts)
}
