//! casus integration tests, in one binary with a module per area.

mod suite;
