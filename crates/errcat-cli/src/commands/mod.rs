//! One module per `errcat` subcommand: its arguments, its help, and its `run`.

pub mod audit;
pub mod check;
pub mod diff;
pub mod docs;
pub mod explain;
pub mod r#gen;
pub mod import;
pub mod init;
pub mod list;
pub mod mock;
pub mod openapi;
pub mod profiles;
pub mod render;
pub mod schema;
pub mod search;
pub mod serve;
pub mod stamp;
