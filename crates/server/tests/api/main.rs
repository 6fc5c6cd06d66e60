//! Integration tests of the reference server: the router driven without a socket over a real
//! SQLite file, plus a real process killed with SIGKILL for durability.

mod assist;
mod bookings;
mod cases;
mod catalogue;
mod demo_seed;
mod durability;
mod errors;
mod events;
mod followup;
mod halls;
mod inbox;
mod pages;
mod requests;
mod staff;
mod stats;
mod support;
mod tickets;
