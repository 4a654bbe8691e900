pub mod db;
pub use db::Db;
