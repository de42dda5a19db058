mod bad_input;
mod cascade;
mod cli;
mod determinism;
mod intelligence;
mod law;
mod legal_sim;
mod scenarios;
pub mod support;
