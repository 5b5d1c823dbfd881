//! Entities stage: place mentions resolved to the gazetteer, actors to the registry, and who
//! says what (cited sources and named people).
//!
//! Input is a document's clean text and the language core's tokens and sentences; output is a
//! list of [`Mention`]s, each with its span, surface text, kind, and resolved entity (or none:
//! an unresolved name is kept, never dropped).

mod actors;

pub use actors::{actor, actor_names, actor_parent};
pub use places::{Country, place_country};
mod mention;
mod places;

pub use places::{place_ancestors, place_ids_named, place_names};
mod sources;
mod text;

pub use mention::{ActorEntity, Candidate, Entity, GeoPrecision, Mention, MentionKind, PersonEntity, PlaceEntity, SourceEntity};

use marsad_arabic::Analysis;

/// Finds every mention in a document's text: places, actors, sources and people, sorted by
/// span (then kind). Mentions of different kinds may overlap ("مجلس دير الزور العسكري" is an
/// actor containing a place); mentions of one kind never do.
pub fn mentions(text: &str, analysis: &Analysis) -> Vec<Mention> {
    // Sources need the actors (Amaq is ISIS's agency; "the SDF said"): found once, used twice.
    // Actors and sources look every word up in a dozen phrase tables: its forms are read once.
    let words = actors::phrases::Words::new(&analysis.tokens);
    let actors = actors::find_hits_in(text, &words);
    let sources = sources::find_in(text, &words, &analysis.sentences, &actors);
    // Places last, into a list with room for the rest (growing it moved every mention).
    let mut all = places::find(text, &analysis.tokens, actors.len() + sources.len());
    // "ظهر اليوم الأربعاء" is noon, not the village of ظهر: no place inside a date.
    all.retain(|m| !analysis.dates.iter().any(|d| d.span.contains(m.span)));
    all.extend(actors.into_iter().map(|hit| hit.mention));
    all.extend(sources);
    all.sort_by_key(|m| (m.span.start(), m.span.end(), m.kind));
    all
}
