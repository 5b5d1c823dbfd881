//! Serve stage: the HTTP API and the web UI over the store.
//!
//! Not built yet (issue 8): `marsad serve` arrives with it.
