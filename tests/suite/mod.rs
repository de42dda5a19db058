mod bad_input;
mod cascade;
mod cli;
mod determinism;
mod intelligence;
mod scenarios;
pub mod support;
