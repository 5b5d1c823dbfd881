//! Which stored events are happenings: the one rule the exports and the web catalog share.
//!
//! A merged event (several reports of one happening, written by the cross-document stage)
//! stands for its member document events; a document event that no merged event includes is
//! a happening of its own. A merged event is told at its first (lowest) member, whose id does
//! not change while the happening keeps that report.

use serde_json::Value;
use std::collections::HashMap;

/// A merged event's number (`m{n}`) and its member document events (`e{n}`), as its stored
/// record names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedMembers {
    pub number: u64,
    /// Never empty.
    pub members: Vec<u64>,
}

impl MergedMembers {
    /// Reads `{"id": "m3", "members": ["e4", "e9"], …}`; an error says what is missing.
    pub fn from_record(record: &Value) -> Result<MergedMembers, String> {
        let label = record.get("id").and_then(Value::as_str).unwrap_or_default();
        let number = label.strip_prefix('m').and_then(|n| n.parse().ok()).ok_or_else(|| format!("merged event {label:?}: no m<n> id"))?;
        let members: Vec<u64> = record
            .get("members")
            .and_then(Value::as_array)
            .map(|m| m.iter().filter_map(|x| x.as_str()?.strip_prefix('e')?.parse().ok()).collect())
            .unwrap_or_default();
        if members.is_empty() {
            return Err(format!("merged event {label}: no members"));
        }
        Ok(MergedMembers { number, members })
    }

    /// The member it is told at.
    pub fn first(&self) -> u64 {
        self.members.iter().copied().min().expect("members are never empty (checked when read)")
    }
}

/// Where a document event stands among the happenings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// No merged event includes it: a happening of its own.
    Alone,
    /// The first member of merged event `n`, which is told here in its place.
    FirstOf(u64),
    /// A later member of merged event `n`: no happening of its own.
    MemberOf(u64),
}

/// The merged events' members, to say where each document event stands.
#[derive(Debug, Clone, Default)]
pub struct Happenings {
    merged_into: HashMap<u64, u64>,
    first: HashMap<u64, u64>,
}

impl Happenings {
    pub fn add(&mut self, merged: &MergedMembers) {
        for &e in &merged.members {
            self.merged_into.insert(e, merged.number);
        }
        self.first.insert(merged.first(), merged.number);
    }

    /// The merged event that includes document event `event`, if any.
    pub fn merged_into(&self, event: u64) -> Option<u64> {
        self.merged_into.get(&event).copied()
    }

    pub fn standing(&self, event: u64) -> Standing {
        match (self.first.get(&event), self.merged_into(event)) {
            (Some(&m), _) => Standing::FirstOf(m),
            (None, Some(m)) => Standing::MemberOf(m),
            (None, None) => Standing::Alone,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merged_event_stands_for_its_members_at_its_first() {
        let m = MergedMembers::from_record(&serde_json::json!({"id": "m2", "members": ["e9", "e4"]})).unwrap();
        assert_eq!((m.number, m.first()), (2, 4));
        let mut h = Happenings::default();
        h.add(&m);
        assert_eq!(h.standing(4), Standing::FirstOf(2));
        assert_eq!(h.standing(9), Standing::MemberOf(2));
        assert_eq!(h.standing(5), Standing::Alone);
        assert_eq!(h.merged_into(9), Some(2));
        assert!(MergedMembers::from_record(&serde_json::json!({"id": "m3", "members": []})).unwrap_err().contains("no members"));
        assert!(MergedMembers::from_record(&serde_json::json!({"members": ["e1"]})).unwrap_err().contains("no m<n> id"));
    }
}
