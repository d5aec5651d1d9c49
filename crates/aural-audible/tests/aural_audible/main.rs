//! aural-audible against the public samples and fixtures in `tests/fixtures/audible` and
//! `tests/fixtures/audnexus`, and against loopback fakes that answer like Audible.
