//! Where the merge stage reads the stored events from: the store, a window of dates at a time,
//! or a list held in memory (tests, benchmarks). The stage never holds every event at once:
//! the merging sweep keeps those of the groups still open, and reads again by id the few it
//! needs later (see [`crate::analyse`]).

use crate::EventView;
use jiff::civil::Date;
use std::collections::HashMap;

/// What a caller reads an event for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// To compare it with others: with the words of its sentences.
    Words,
    /// For its figures, dates and claims only.
    Claims,
}

/// The stored events and texts, as the merge stage reads them.
pub trait Source {
    type Error;

    /// Gives every event once through `take`, with its words, in batches: the dated ones in
    /// order of their start date, a window of dates at a time, each batch with the first day
    /// after its window (`Some`) once every event that starts before that day has been given;
    /// undated events in any batch; `None` promises nothing.
    fn events(&mut self, take: &mut dyn FnMut(Vec<EventView>, Option<Date>)) -> Result<(), Self::Error>;

    /// The events of document `doc`, with their words, by id.
    fn events_of(&mut self, doc: u64) -> Result<Vec<EventView>, Self::Error>;

    /// Event `id`, which [`Source::events`] gave.
    fn event(&mut self, id: u64, need: Need) -> Result<EventView, Self::Error>;

    /// The clean text of document `doc`.
    fn text(&mut self, doc: u64) -> Result<String, Self::Error>;
}

/// Events held in memory, with their words; `text_of` gives a document's text.
pub struct InMemory<'a, F> {
    events: &'a [EventView],
    text_of: F,
    by_id: HashMap<u64, usize>,
    by_doc: HashMap<u64, Vec<usize>>,
}

impl<'a, F> InMemory<'a, F> {
    pub fn new(events: &'a [EventView], text_of: F) -> Self {
        let mut by_doc: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, e) in events.iter().enumerate() {
            by_doc.entry(e.doc).or_default().push(i);
        }
        for list in by_doc.values_mut() {
            list.sort_by_key(|&i| events[i].id);
        }
        let by_id = events.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
        InMemory { events, text_of, by_id, by_doc }
    }
}

impl<F, E> Source for InMemory<'_, F>
where
    F: FnMut(u64) -> Result<String, E>,
{
    type Error = E;

    fn events(&mut self, take: &mut dyn FnMut(Vec<EventView>, Option<Date>)) -> Result<(), E> {
        take(self.events.to_vec(), None);
        Ok(())
    }

    fn events_of(&mut self, doc: u64) -> Result<Vec<EventView>, E> {
        let of = self.by_doc.get(&doc).into_iter().flatten();
        Ok(of.map(|&i| self.events[i].clone()).collect())
    }

    fn event(&mut self, id: u64, _: Need) -> Result<EventView, E> {
        // The stage asks only for events `events` gave.
        Ok(self.events[self.by_id[&id]].clone())
    }

    fn text(&mut self, doc: u64) -> Result<String, E> {
        (self.text_of)(doc)
    }
}
