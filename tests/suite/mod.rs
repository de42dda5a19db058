mod bad_input;
mod cascade;
mod cli;
mod determinism;
mod intelligence;
mod law;
mod scenarios;
pub mod support;
