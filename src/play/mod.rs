//! Wargame play around the simulation: comparing runs (`diff`). Checkpoints and forks are in
//! [`crate::sim::checkpoint`].

pub mod diff;
