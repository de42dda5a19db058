//! Wargame play around the simulation: comparing runs (`diff`), and the `casus play` server
//! (`server`: HTTP and the JSON API; `server_game`: one game, its sides and its log;
//! `server_view`: what each side and the white cell see). Checkpoints and forks are in
//! [`crate::sim::checkpoint`].

pub mod diff;
pub mod server;
pub mod server_game;
pub mod server_view;
