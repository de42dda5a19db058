#![doc = include_str!("../README.md")]

pub mod error;
pub mod law;
pub mod lock;
pub mod model;
pub mod play;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod sweep;

/// The types most programs need.
pub mod prelude {
    pub use crate::error::{Error, Result};
    pub use crate::model::*;
    pub use crate::scenario::{Compiled, Scenario};
    pub use crate::sim::{RunOutput, Simulation, run};
}
